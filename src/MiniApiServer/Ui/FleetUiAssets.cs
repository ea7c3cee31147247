using System.Collections.Frozen;
using System.Security.Cryptography;

namespace MiniApiServer.Ui;

/// <summary>The fleet page's files, embedded in the assembly so the server needs no wwwroot and no build step.</summary>
public sealed class FleetUiAssets
{
    private const string ResourcePrefix = "FleetUi/";

    private readonly FrozenDictionary<string, FleetUiAsset> _assets;

    public FleetUiAssets()
    {
        var assembly = typeof(FleetUiAssets).Assembly;
        var assets = new Dictionary<string, FleetUiAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
            assets[name[ResourcePrefix.Length..]] = new FleetUiAsset(bytes, ContentType(name), etag);
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int Count => _assets.Count;

    /// <summary>The asset at a path below /ui/; the empty path is the page itself.</summary>
    public FleetUiAsset? Find(string relativePath) =>
        _assets.GetValueOrDefault(relativePath.Length == 0 ? "index.html" : relativePath);

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
