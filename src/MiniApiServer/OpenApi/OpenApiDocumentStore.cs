using System.Reflection;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;

namespace MiniApiServer.OpenApi;

/// <summary>
/// The OpenAPI v3 documents committed under api-specs/ (embedded at build time), with the index whose
/// hashes are computed over exactly the bytes served, as kube-openapi's handler3 does. Custom resources' documents
/// are generated from their CRDs and swapped in with the index when the served CRDs change.
/// </summary>
public sealed class OpenApiDocumentStore
{
    private const string ResourcePrefix = "MiniApiServer.OpenApiSpecs.";

    private readonly SortedDictionary<string, byte[]> _builtIn;
    private readonly Dictionary<string, string> _builtInHashes;
    private readonly JsonObject? _metaSource;
    private readonly Lock _lock = new();
    private Snapshot _snapshot;

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
        _builtIn = docs;
        _builtInHashes = docs.ToDictionary(d => d.Key, d => OpenApiV3Index.Hash(d.Value));
        _metaSource = docs.TryGetValue("apis/apiextensions.k8s.io/v1", out var source) ? JsonNode.Parse(source) as JsonObject : null;
        _snapshot = new Snapshot(docs, _builtInHashes);
    }

    public IReadOnlyDictionary<string, byte[]> Documents => _snapshot.Documents;
    public IReadOnlyDictionary<string, string> Hashes => _snapshot.Hashes;
    public byte[] Index => _snapshot.Index;

    /// <summary>A document and its hash from one snapshot, so a concurrent swap cannot pair one with the other's.</summary>
    public bool TryGet(string path, out byte[] document, out string hash)
    {
        var snapshot = _snapshot;
        hash = "";
        return snapshot.Documents.TryGetValue(path, out document!) && snapshot.Hashes.TryGetValue(path, out hash!);
    }

    /// <summary>Serves the documents of exactly these custom resources (a built-in group-version is never replaced).</summary>
    public void SetCustom(IEnumerable<CustomResourceKind> kinds)
    {
        var custom = CustomResourceDocuments.Build(kinds, _metaSource);
        lock (_lock)
        {
            var docs = new SortedDictionary<string, byte[]>(_builtIn, StringComparer.Ordinal);
            foreach (var (path, bytes) in custom)
            {
                docs.TryAdd(path, bytes);
            }
            _snapshot = new Snapshot(docs, _builtInHashes);
        }
    }

    // The built-in documents' hashes are computed once: a CRD's status write must not re-hash megabytes of them.
    private sealed class Snapshot(SortedDictionary<string, byte[]> documents, Dictionary<string, string> known)
    {
        public IReadOnlyDictionary<string, byte[]> Documents { get; } = documents;
        public IReadOnlyDictionary<string, string> Hashes { get; } =
            documents.ToDictionary(d => d.Key, d => known.TryGetValue(d.Key, out var hash) ? hash : OpenApiV3Index.Hash(d.Value));
        public byte[] Index { get; } = CanonicalJson.Serialize(OpenApiV3Index.Build(documents));
    }
}
