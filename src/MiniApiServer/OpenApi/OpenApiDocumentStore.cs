using System.Reflection;

namespace MiniApiServer.OpenApi;

/// <summary>
/// The OpenAPI v3 documents committed under api-specs/ (embedded at build time), with the index whose
/// hashes are computed over exactly the bytes served, as kube-openapi's handler3 does.
/// </summary>
public sealed class OpenApiDocumentStore
{
    private const string ResourcePrefix = "MiniApiServer.OpenApiSpecs.";

    public OpenApiDocumentStore()
    {
        var asm = Assembly.GetExecutingAssembly();
        var docs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            docs[ApiSpecFiles.GroupVersionPath(name[ResourcePrefix.Length..])] = ms.ToArray();
        }
        Documents = docs;
        Index = CanonicalJson.Serialize(OpenApiV3Index.Build(docs));
        Hashes = docs.ToDictionary(d => d.Key, d => OpenApiV3Index.Hash(d.Value));
    }

    public IReadOnlyDictionary<string, byte[]> Documents { get; }
    public IReadOnlyDictionary<string, string> Hashes { get; }
    public byte[] Index { get; }
}
