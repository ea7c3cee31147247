namespace MiniApiServer.Storage;

/// <summary>What selectors need from an object, extracted once per write instead of once per LIST or event.</summary>
public sealed record ObjectIndex(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Fields,
    string? Uid)
{
    public static readonly ObjectIndex Empty = new(
        new Dictionary<string, string>(), new Dictionary<string, string>(), null);
}
