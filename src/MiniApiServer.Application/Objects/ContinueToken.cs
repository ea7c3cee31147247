using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Objects;

/// <summary>The opaque continue token: base64 JSON of the snapshot revision and the last key served, like etcd3's.</summary>
public static class ContinueToken
{
    public static string Encode(long revision, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastKey + "\0" }.ToJsonString()));

    public static (long Revision, string StartAfter) Decode(string token)
    {
        try
        {
            var node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!.AsObject();
            var start = node["start"]!.GetValue<string>();
            return (node["rv"]!.GetValue<long>(), start.TrimEnd('\0'));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            throw ApiErrors.BadRequest($"continue key is not valid: {ex.Message}");
        }
    }
}
