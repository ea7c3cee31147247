using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// json-patch.v4's lazyNode.equal, which a test operation uses: objects and arrays compare member by member, but two
/// scalars compare as their JSON text, so 1 is not 1.0 and "a" is not "\u0061", where JsonNode.DeepEquals would say both
/// are. The document's text is the one upstream's encoder writes (encoding/json with HTML escaping), not this server's
/// stored text (which escapes emoji as surrogate pairs); the operation's text is the request's.
/// </summary>
internal static class LazyNodeEquality
{
    public static bool Equal(JsonNode? document, JsonNode? operation) => (document, operation) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && Equal(p.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Select((item, i) => Equal(item, y[i])).All(same => same),
        (JsonValue x, JsonValue y) => GoText(x) == RequestText(y),
        _ => false,
    };

    private static string RequestText(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var element) ? element.GetRawText() : value.ToJsonString();

    // Numbers, booleans and null keep their text; a string is written as Go's encodeState.string writes it.
    private static string GoText(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String ? GoString(value.GetValue<string>()) : RequestText(value);

    private static string GoString(string s)
    {
        var text = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                // Go 1.22 and later (1.32 is built with 1.23) write these two short too.
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: text.Append(c); break;
            }
        }
        return text.Append('"').ToString();
    }
}
