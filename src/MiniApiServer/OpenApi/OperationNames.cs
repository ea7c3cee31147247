namespace MiniApiServer.OpenApi;

/// <summary>The group-version part of upstream operation ids and tags ("AppsV1", "rbacAuthorization_v1").</summary>
internal static class OperationNames
{
    public static string GroupVersionId(string group, string version) =>
        string.Concat(GroupWords(group).Select(Capitalize)) + Capitalize(version);

    public static string Tag(string group, string version)
    {
        var id = string.Concat(GroupWords(group).Select(Capitalize));
        return char.ToLowerInvariant(id[0]) + id[1..] + "_" + version;
    }

    private static IEnumerable<string> GroupWords(string group)
    {
        if (group.Length == 0)
        {
            return ["core"];
        }
        var trimmed = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        return trimmed.Split('.');
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
