using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// A set of field paths as structured-merge-diff's fieldpath.Set. A path is its elements
/// (<c>f:name</c>, <c>k:{"name":"c"}</c>, <c>v:"x"</c>) joined by <see cref="Separator"/>.
/// </summary>
internal sealed class FieldSet
{
    public const char Separator = '\n';

    private readonly HashSet<string> paths;

    public FieldSet(IEnumerable<string>? paths = null) => this.paths = new HashSet<string>(paths ?? [], StringComparer.Ordinal);

    public IReadOnlyCollection<string> Paths => paths;

    public bool IsEmpty => paths.Count == 0;

    public bool Contains(string path) => paths.Contains(path);

    /// <summary>True when the path itself or anything beneath it is in the set.</summary>
    public bool ContainsAtOrBelow(string path) =>
        paths.Any(p => p == path || (p.Length > path.Length && p[path.Length] == Separator && p.StartsWith(path, StringComparison.Ordinal)));

    public void Add(string path) => paths.Add(path);

    public void UnionWith(IEnumerable<string> other) => paths.UnionWith(other);

    public void ExceptWith(IEnumerable<string> other) => paths.ExceptWith(other);

    /// <summary>Whether a FieldsV1 tree names any path.</summary>
    public static bool HasMembers(JsonNode? fields) => fields is JsonObject { Count: > 0 };

    /// <summary>Whether a FieldsV1 tree holds <paramref name="path"/> itself, read without decoding the tree.</summary>
    public static bool InFieldsV1(JsonNode? fields, string path)
    {
        var node = fields;
        foreach (var element in path.Split(Separator))
        {
            if (node is not JsonObject map || !map.TryGetPropertyValue(element, out node))
            {
                return false;
            }
        }

        // A leaf (FromFieldsV1 takes any value but a non-empty object as one), or a node with children that is itself
        // a member (its "." key).
        return node is not JsonObject { Count: > 0 } children || children.ContainsKey(".");
    }

    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FieldSet();
        if (fields is JsonObject root)
        {
            Read(root, null, set);
        }

        return set;
    }

    /// <summary>FieldsV1 encoding: members that also have children carry a <c>"."</c> key.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new Node();
        foreach (var path in paths)
        {
            var node = root;
            foreach (var element in path.Split(Separator))
            {
                node = node.Child(element);
            }

            node.Member = true;
        }

        return root.ToJson();
    }

    private static void Read(JsonObject node, string? path, FieldSet set)
    {
        foreach (var (key, value) in node)
        {
            if (key == ".")
            {
                if (path is not null)
                {
                    set.Add(path);
                }

                continue;
            }

            var child = path is null ? key : path + Separator + key;
            if (value is JsonObject { Count: > 0 } nested)
            {
                Read(nested, child, set);
            }
            else
            {
                set.Add(child);
            }
        }
    }

    private sealed class Node
    {
        private readonly SortedDictionary<string, Node> children = new(StringComparer.Ordinal);

        public bool Member { get; set; }

        public Node Child(string element)
        {
            if (!children.TryGetValue(element, out var child))
            {
                child = new Node();
                children[element] = child;
            }

            return child;
        }

        public JsonObject ToJson()
        {
            var json = new JsonObject();
            if (Member && children.Count > 0)
            {
                json["."] = new JsonObject();
            }

            foreach (var (element, child) in children)
            {
                json[element] = child.ToJson();
            }

            return json;
        }
    }
}
