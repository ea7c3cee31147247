using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>Merges an applied configuration into the live object: maps and keyed lists merge, atomic values replace.</summary>
internal static class ApplyMerge
{
    public static void Merge(JsonObject target, JsonObject applied, Type? type)
    {
        foreach (var (key, value) in applied)
        {
            if (value is null)
            {
                continue;
            }

            var childType = ModelSchema.Child(type, key);
            var meta = PatchMeta.For(type, key);
            switch (target[key], value)
            {
                case (JsonObject current, JsonObject patch):
                    Merge(current, patch, childType);
                    break;
                case (JsonArray current, JsonArray patch) when meta?.Merges == true:
                    MergeList(current, patch, ModelSchema.Element(childType), meta.MergeKey);
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }
    }

    private static void MergeList(JsonArray current, JsonArray applied, Type? elementType, string? mergeKey)
    {
        foreach (var item in applied)
        {
            var index = IndexOf(current, item, mergeKey);
            if (index < 0)
            {
                current.Add(item?.DeepClone());
            }
            else if (current[index] is JsonObject target && item is JsonObject patch)
            {
                Merge(target, patch, elementType);
            }
        }
    }

    private static int IndexOf(JsonArray list, JsonNode? item, string? mergeKey)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var same = mergeKey is null
                ? JsonNode.DeepEquals(list[i], item)
                : list[i] is JsonObject o && item is JsonObject n && JsonNode.DeepEquals(o[mergeKey], n[mergeKey]);
            if (same)
            {
                return i;
            }
        }

        return -1;
    }
}
