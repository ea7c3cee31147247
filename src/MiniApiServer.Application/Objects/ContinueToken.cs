using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The opaque continue token, encoded as apiserver's storage/continue.go does (unpadded URL-safe base64 of
/// {"v","rv","start"}); a token that does not decode is a 400 worded as the etcd3 store words it
/// ("invalid continue token: " + DecodeContinue's error), because clients and scripts match on that text.
/// </summary>
public static class ContinueToken
{
    private const string Version = "meta.k8s.io/v1";
    private const string Invalid = "invalid continue token: continue key is not valid";

    public static string Encode(long revision, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = Version, ["rv"] = revision, ["start"] = lastKey + "\0" }.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (long Revision, string StartAfter) Decode(string token)
    {
        var json = RawUrlBase64.Decode(token, out var badByte)
            ?? throw ApiErrors.BadRequest($"{Invalid}: illegal base64 data at input byte {badByte}");
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            throw ApiErrors.BadRequest($"{Invalid}: {JsonSyntaxError(json)}");
        }
        // Go unmarshals a JSON null into the token as a no-op, so it fails on the version below.
        var node = parsed switch
        {
            null => new JsonObject(),
            JsonObject o => o,
            _ => throw ApiErrors.BadRequest($"{Invalid}: json: cannot unmarshal {JsonKind(parsed)} into Go value of type storage.continueToken"),
        };
        var version = node["v"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        if (version != Version)
        {
            throw ApiErrors.BadRequest($"{Invalid}: server does not recognize this encoded version {version}");
        }
        var rv = node["rv"] is JsonValue r && r.TryGetValue<long>(out var l) ? l : 0;
        if (rv == 0)
        {
            throw ApiErrors.BadRequest($"{Invalid}: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }
        var start = node["start"] is JsonValue st && st.TryGetValue<string>(out var k) ? k : "";
        if (start.Length == 0)
        {
            throw ApiErrors.BadRequest($"{Invalid}: encoded start key empty (version meta.k8s.io/v1)");
        }
        return (rv, start.TrimEnd('\0'));
    }

    private static string JsonKind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };

    /// <summary>encoding/json's wording for the two ways a token's bytes usually fail: not JSON at all, or cut short.</summary>
    private static string JsonSyntaxError(byte[] json)
    {
        var first = json.SkipWhile(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n').Select(b => (int)b).DefaultIfEmpty(-1).First();
        return first < 0 || "{[\"-0123456789tfn".Contains((char)first, StringComparison.Ordinal)
            ? "unexpected end of JSON input"
            : $"invalid character '{(char)first}' looking for beginning of value";
    }
}
