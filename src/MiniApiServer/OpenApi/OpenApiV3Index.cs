using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace MiniApiServer.OpenApi;

/// <summary>The GET /openapi/v3 discovery document (kube-openapi handler3 shape).</summary>
public static class OpenApiV3Index
{
    /// <param name="documents">Per group-version path ("api/v1", "apis/apps/v1") the exact bytes served for it.</param>
    public static JsonObject Build(IEnumerable<KeyValuePair<string, byte[]>> documents)
    {
        var paths = new JsonObject();
        foreach (var (path, bytes) in documents.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(bytes)}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>Upper-case hex SHA-512, as the real server computes it; clients only compare it.</summary>
    public static string Hash(byte[] document) => Convert.ToHexString(SHA512.HashData(document));
}
