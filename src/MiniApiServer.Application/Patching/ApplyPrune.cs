using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// Removes what an applier owned before and no manager owns any more, as structured-merge-diff's
/// Updater.prune (merge/update.go) with typed/remove.go: the parents of owned leaves that are named fields of a
/// typed object count as owned too (EnsureNamedFieldsAreMembers), so an emptied probe handler or affinity term
/// goes with its last field, and a map or list that the removal leaves empty goes as well, as remove.go nulls it.
/// </summary>
internal static class ApplyPrune
{
    public static void Prune(JsonObject merged, FieldSet previous, IEnumerable<FieldSet> stillOwned, Type? modelType)
    {
        if (previous.IsEmpty)
        {
            return;
        }

        var last = WithNamedParents(previous.Paths, modelType);
        // An apply configuration always names the object (metadata.name), so the applier always keeps metadata.
        var kept = WithNamedParents(stillOwned.SelectMany(s => s.Paths), modelType);
        kept.Add("f:metadata");
        var removed = last.Where(p => !kept.Contains(p)).OrderBy(p => p.Length).ToList();
        var done = new List<string>();
        foreach (var path in removed)
        {
            if (done.Any(d => path.StartsWith(d + FieldSet.Separator, StringComparison.Ordinal)))
            {
                continue;
            }

            if (ObjectPaths.TryGet(merged, path, out _))
            {
                ObjectPaths.Remove(merged, path);
                RemoveIfEmptied(merged, path);
            }

            done.Add(path);
        }
    }

    private static void RemoveIfEmptied(JsonObject root, string path)
    {
        var separator = path.LastIndexOf(FieldSet.Separator);
        if (separator < 0)
        {
            return;
        }

        var parentPath = path[..separator];
        if (ObjectPaths.TryGet(root, parentPath, out var parent) && parent is JsonObject { Count: 0 } or JsonArray { Count: 0 })
        {
            ObjectPaths.Remove(root, parentPath);
        }
    }

    private static HashSet<string> WithNamedParents(IEnumerable<string> paths, Type? modelType)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            result.Add(path);
            var type = modelType;
            var prefix = "";
            var elements = path.Split(FieldSet.Separator);
            for (var i = 0; i < elements.Length - 1; i++)
            {
                var element = elements[i];
                prefix = i == 0 ? element : prefix + FieldSet.Separator + element;
                if (element.StartsWith("f:", StringComparison.Ordinal))
                {
                    var name = element[2..];
                    if (type is not null && ModelSchema.HasFields(type) && ModelSchema.Property(type, name) is not null)
                    {
                        result.Add(prefix);
                    }

                    type = ModelSchema.Child(type, name);
                }
                else
                {
                    type = ModelSchema.Element(type);
                }
            }
        }

        return result;
    }
}
