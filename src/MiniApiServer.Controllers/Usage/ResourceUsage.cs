namespace MiniApiServer.Controllers.Usage;

/// <summary>CPU in nanocores and memory in bytes, as metrics-server reports them.</summary>
public readonly record struct ResourceUsage(long NanoCores, long Bytes)
{
    public static ResourceUsage operator +(ResourceUsage a, ResourceUsage b) => new(a.NanoCores + b.NanoCores, a.Bytes + b.Bytes);

    /// <summary>metrics-server's wire form: "123456789n" and "12345Ki".</summary>
    public Dictionary<string, string> ToQuantities() => new()
    {
        ["cpu"] = $"{NanoCores}n",
        ["memory"] = $"{Bytes / 1024}Ki",
    };
}
