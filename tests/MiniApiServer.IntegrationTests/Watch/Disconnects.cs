namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>How a <see cref="ResumingWatcher"/> loses its streams.</summary>
[Flags]
internal enum Disconnects
{
    None = 0,
    ClientCancel = 1,
    ServerTimeout = 2,
}
