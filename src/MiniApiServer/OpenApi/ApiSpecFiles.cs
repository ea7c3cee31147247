using System.Text.Json.Nodes;

namespace MiniApiServer.OpenApi;

/// <summary>
/// The committed copies of the documents, named as in kubernetes/kubernetes api/openapi-spec/v3
/// ("api__v1_openapi.json", "apis__apps__v1_openapi.json").
/// </summary>
public static class ApiSpecFiles
{
    public const string OpenApiV3Folder = "openapi-v3";
    private const string Suffix = "_openapi.json";

    public static string FileName(string groupVersionPath) => groupVersionPath.Replace("/", "__", StringComparison.Ordinal) + Suffix;

    public static string GroupVersionPath(string fileName) =>
        fileName[..^Suffix.Length].Replace("__", "/", StringComparison.Ordinal);

    /// <summary>Serialized documents keyed by group-version path; these exact bytes are what gets hashed and served.</summary>
    public static SortedDictionary<string, byte[]> Serialize(IReadOnlyDictionary<string, JsonObject> documents)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, document) in documents)
        {
            result[path] = CanonicalJson.Serialize(document);
        }
        return result;
    }

    /// <summary>Writes every document to {apiSpecsDirectory}/openapi-v3/, replacing stale files of earlier runs.</summary>
    public static void WriteAll(OpenApiV3Generator generator, string apiSpecsDirectory)
    {
        var folder = Path.Combine(apiSpecsDirectory, OpenApiV3Folder);
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.GetFiles(folder, "*" + Suffix))
        {
            File.Delete(stale);
        }
        foreach (var (path, bytes) in Serialize(generator.GenerateAll()))
        {
            File.WriteAllBytes(Path.Combine(folder, FileName(path)), bytes);
        }
    }

    /// <summary>Reads the committed documents back, keyed by group-version path, for serving.</summary>
    public static SortedDictionary<string, byte[]> ReadAll(string apiSpecsDirectory)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(apiSpecsDirectory, OpenApiV3Folder), "*" + Suffix))
        {
            result[GroupVersionPath(Path.GetFileName(file))] = File.ReadAllBytes(file);
        }
        return result;
    }
}
