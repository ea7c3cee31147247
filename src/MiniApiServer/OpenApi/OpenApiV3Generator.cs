using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.OpenApi;

/// <summary>
/// Generates one OpenAPI 3.0 document per served group-version, in the shape of the real server's
/// /openapi/v3/{api/v1 | apis/group/version}: complete component schemas plus the REST paths.
/// </summary>
public sealed class OpenApiV3Generator(IReadOnlyList<ResourceType> resources, XmlDocumentation docs)
{
    public const string KubernetesVersion = "v1.32.4";

    /// <summary>Served group-versions in first-appearance order.</summary>
    public IReadOnlyList<(string Group, string Version)> GroupVersions { get; } =
        resources.Select(r => (r.Group, r.Version)).Distinct().ToList();

    /// <summary>"api/v1" for the core group, "apis/{group}/{version}" otherwise: the /openapi/v3 index keys.</summary>
    public static string GroupVersionPath(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    /// <summary>Every document keyed by <see cref="GroupVersionPath"/>.</summary>
    public SortedDictionary<string, JsonObject> GenerateAll()
    {
        var documents = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (group, version) in GroupVersions)
        {
            documents[GroupVersionPath(group, version)] = Generate(group, version);
        }
        return documents;
    }

    public JsonObject Generate(string group, string version)
    {
        var served = resources.Where(r => r.Group == group && r.Version == version).ToList();
        if (served.Count == 0)
        {
            throw new ArgumentException($"No resources are served in {group}/{version}.", nameof(version));
        }
        var schemas = new ComponentSchemas(docs, [("", "v1"), .. GroupVersions.Where(gv => gv != ("", "v1"))]);
        var paths = new ResourcePaths(schemas, group, version);
        foreach (var resource in served)
        {
            paths.Add(resource);
        }
        return new JsonObject
        {
            ["components"] = new JsonObject { ["schemas"] = schemas.Build() },
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = KubernetesVersion },
            ["openapi"] = "3.0.0",
            ["paths"] = paths.Paths,
        };
    }
}
