namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>translateTimestampSince</c> / <c>translateMicroTimestampSince</c>.</summary>
internal static class Age
{
    public const string Unknown = "<unknown>";

    public static string Since(DateTimeOffset? timestamp, DateTimeOffset now) =>
        timestamp is { } t ? HumanDuration.Format(now - t) : Unknown;
}
