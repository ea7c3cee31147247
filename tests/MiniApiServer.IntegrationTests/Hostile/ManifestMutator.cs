using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>Deterministic mutations of a manifest, driven by generated integers so CsCheck can shrink them.</summary>
public static class ManifestMutator
{
    private static readonly Func<string, JsonNode?>[] Values =
    [
        j => j, _ => long.MaxValue, _ => -1, _ => 1e308, _ => true, _ => null, _ => "", _ => new string('x', 70_000),
        _ => "1e999999", _ => "-0.5Gi", j => new JsonArray(j), j => new JsonObject { [j] = j }, _ => 99999999999999999999m, _ => "\u0000\ud7ff",
    ];

    /// <summary>Applies each op to the manifest; returns the request body bytes (some ops damage the text itself).</summary>
    public static byte[] Mutate(string manifest, int[] ops, string junk)
    {
        var root = JsonNode.Parse(manifest)!;
        string? text = null;
        foreach (var op in ops)
        {
            var kind = (int)((uint)op % 8);
            var where = (int)((uint)op / 8);
            if (text is not null || kind >= 6)
            {
                text ??= root.ToJsonString();
                text = kind == 6 || text.Length == 0 ? text[..(where % (text.Length + 1))] + junk + text[(where % (text.Length + 1))..] : text[..(where % text.Length)];
                continue;
            }
            var nodes = Flatten(root).ToList();
            var (parent, key, node) = nodes[where % nodes.Count];
            switch (kind)
            {
                case 0 or 1:
                    Replace(parent, key, Values[where % Values.Length](junk));
                    break;
                case 2 when parent is JsonObject o:
                    o.Remove(key);
                    break;
                case 3 when node is JsonObject o:
                    o[junk.Length == 0 ? "junk" : junk] = junk;
                    break;
                case 4:
                    JsonNode? deep = node?.DeepClone();
                    for (var i = 0; i < 40 + where % 200; i++)
                    {
                        deep = new JsonObject { ["n"] = deep };
                    }
                    Replace(parent, key, deep);
                    break;
                case 5:
                    Replace(parent, key, node is JsonValue v && v.TryGetValue<string>(out var s) ? (long.TryParse(s, out var l) ? l : s.Length) : node?.ToJsonString());
                    break;
            }
        }
        return Encoding.UTF8.GetBytes(text ?? root.ToJsonString());
    }

    private static void Replace(JsonNode? parent, string key, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject o:
                o[key] = value;
                break;
            case JsonArray a when int.TryParse(key, out var i) && i < a.Count:
                a[i] = value;
                break;
        }
    }

    private static IEnumerable<(JsonNode? Parent, string Key, JsonNode? Node)> Flatten(JsonNode root)
    {
        var stack = new Stack<(JsonNode?, string, JsonNode?)>();
        stack.Push((null, "", root));
        while (stack.Count > 0)
        {
            var item = stack.Pop();
            if (item.Item1 is not null)
            {
                yield return item;
            }
            switch (item.Item3)
            {
                case JsonObject o:
                    foreach (var (k, v) in o.ToList())
                    {
                        stack.Push((o, k, v));
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        stack.Push((a, i.ToString(System.Globalization.CultureInfo.InvariantCulture), a[i]));
                    }
                    break;
            }
        }
    }
}
