namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>One hostile request. <see cref="ExpectedCode"/> is set where upstream's answer is fixed (413, 404, 405, 415).</summary>
public sealed record HostileCase(string Name, string Method, string Path, string? ContentType = null, byte[]? Body = null, int? ExpectedCode = null)
{
    /// <summary>Send the body without Content-Length, so only the streaming limit can stop it.</summary>
    public bool Chunked { get; init; }

    public override string ToString() => Name;
}
