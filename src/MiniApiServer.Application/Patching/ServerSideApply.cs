using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// Pragmatic server-side apply (application/apply-patch+yaml) with managedFields bookkeeping in the
/// FieldsV1 format of structured-merge-diff. List-map keys are the strategic-merge-patch merge keys.
/// </summary>
public static class ServerSideApply
{
    // Upstream skipNonAppliedManager: pre-existing fields of an object without managedFields belong to this manager.
    private const string BeforeFirstApply = "before-first-apply";

    public static ApplyResult Apply(JsonObject? live, JsonObject applied, Type? modelType, string manager, bool force, DateTimeOffset now)
    {
        var result = (JsonObject?)live?.DeepClone() ?? [];
        var entries = ManagedFieldsEntry.Parse(live?["metadata"]?["managedFields"]);
        if (live is not null && entries.Count == 0)
        {
            entries.Add(new ManagedFieldsEntry(BeforeFirstApply, ManagedFieldsEntry.Update, Text(live, "apiVersion"),
                ManagedFieldsEntry.FormatTime(now), null, ObjectPaths.Collect(live, modelType)));
        }

        var appliedSet = ObjectPaths.Collect(applied, modelType);
        var mine = entries.FindIndex(e => e.Is(manager, ManagedFieldsEntry.Apply, null));
        var others = entries.Where((_, i) => i != mine).ToList();
        var conflicts = FindConflicts(live, applied, appliedSet, others);
        if (conflicts.Count > 0 && !force)
        {
            var described = conflicts.Select(c => new ApplyConflict(c.Owner.Describe(), ObjectPaths.Format(c.Path))).ToList();
            return new ApplyResult(result, described) { Message = ConflictMessage(conflicts) };
        }

        foreach (var (owner, path) in conflicts)
        {
            owner.Fields.ExceptWith([path]);
        }

        ApplyMerge.Merge(result, applied, modelType);
        ApplyPrune.Prune(result, mine >= 0 ? entries[mine].Fields : new FieldSet(), others.Select(o => o.Fields).Append(appliedSet), modelType);

        var entry = new ManagedFieldsEntry(manager, ManagedFieldsEntry.Apply, Text(applied, "apiVersion"), ManagedFieldsEntry.FormatTime(now), null, appliedSet);
        if (mine >= 0)
        {
            entries[mine] = entry;
        }
        else
        {
            entries.Add(entry);
        }

        SetManagedFields(result, entries);
        return new ApplyResult(result, []);
    }

    /// <summary>Ownership after a non-apply write (create/update/patch): the writer takes every field it changed.</summary>
    public static JsonArray RecordUpdate(JsonObject? oldObj, JsonObject newObj, JsonArray? managedFields, string manager, string apiVersion, DateTimeOffset now) =>
        RecordUpdate(oldObj, newObj, managedFields, manager, apiVersion, now, ModelTypes.Find(Text(newObj, "apiVersion"), Text(newObj, "kind")));

    /// <param name="resetStatus">
    /// A write of the main resource of a kind with a status subresource: its strategy resets status, so the writer
    /// owns none of it (upstream's ResetFieldsStrategy).
    /// </param>
    /// <param name="subresource">"status" for a write of the status subresource, whose entry upstream keeps apart.</param>
    public static JsonArray RecordUpdate(JsonObject? oldObj, JsonObject newObj, JsonArray? managedFields, string manager, string apiVersion,
        DateTimeOffset now, Type? modelType, bool resetStatus = false, string? subresource = null)
    {
        using var old = oldObj is null ? null : JsonSerializer.SerializeToDocument(oldObj);
        return RecordUpdate(old?.RootElement, newObj, managedFields, manager, apiVersion, now, modelType, resetStatus, subresource, out _);
    }

    /// <inheritdoc cref="RecordUpdate(JsonObject?, JsonObject, JsonArray?, string, string, DateTimeOffset, Type?, bool, string?)"/>
    /// <param name="oldObj">The object before the write, as its stored bytes read it: the diff needs no tree of it.</param>
    /// <param name="touched">Whether the write changed or removed a field an owner can hold (if not, it may be a no-op).</param>
    public static JsonArray RecordUpdate(JsonElement? oldObj, JsonObject newObj, JsonArray? managedFields, string manager, string apiVersion,
        DateTimeOffset now, Type? modelType, bool resetStatus, string? subresource, out bool touched)
    {
        var (changed, removed) = FieldDiff.Of(newObj, oldObj, modelType);
        touched = changed.Count > 0 || removed.Count > 0;
        if (resetStatus)
        {
            changed.RemoveAll(p => ObjectPaths.IsUnder(p, "f:status"));
        }

        // An entry that owns none of the paths the update touched is kept as it is, not decoded into a set and written
        // back: most updates touch a few paths, and the creator's entry holds every field.
        var result = new List<JsonNode?>();
        var mine = -1;
        FieldSet? mineFields = null;
        foreach (var node in managedFields ?? [])
        {
            if (node is not JsonObject json)
            {
                continue;
            }
            var isMine = ManagedFieldsEntry.IsEntryOf(json, manager, ManagedFieldsEntry.Update, apiVersion, subresource);
            if (!isMine && FieldSet.HasMembers(json["fieldsV1"]) && !changed.Concat(removed).Any(p => FieldSet.InFieldsV1(json["fieldsV1"], p)))
            {
                result.Add(json.DeepClone());
                continue;
            }
            var entry = ManagedFieldsEntry.Parse(new JsonArray(json.DeepClone()))[0];
            entry.Fields.ExceptWith(removed);
            if (isMine)
            {
                mine = result.Count;
                mineFields = entry.Fields;
            }
            else
            {
                entry.Fields.ExceptWith(changed);
            }
            result.Add(entry.Fields.IsEmpty ? null : entry.ToJson());
        }

        if (changed.Count > 0)
        {
            var fields = mineFields ?? new FieldSet();
            fields.UnionWith(changed);
            var entry = new ManagedFieldsEntry(manager, ManagedFieldsEntry.Update, apiVersion, ManagedFieldsEntry.FormatTime(now), subresource, fields);
            if (mine >= 0)
            {
                result[mine] = entry.ToJson();
            }
            else
            {
                result.Add(entry.ToJson());
            }
        }

        return [.. result.Where(e => e is not null)];
    }

    private static List<(ManagedFieldsEntry Owner, string Path)> FindConflicts(JsonObject? live, JsonObject applied, FieldSet appliedSet, List<ManagedFieldsEntry> others)
    {
        var conflicts = new List<(ManagedFieldsEntry, string)>();
        if (live is null)
        {
            return conflicts;
        }

        foreach (var path in appliedSet.Paths.Order(StringComparer.Ordinal))
        {
            var changes = ObjectPaths.IsListItem(path) ? !ObjectPaths.TryGet(live, path, out _) : !SameValue(live, applied, path);
            if (changes)
            {
                conflicts.AddRange(others.Where(o => o.Fields.Contains(path)).Select(o => (o, path)));
            }
        }

        return conflicts;
    }

    /// <summary>Upstream getConflictMessage.</summary>
    private static string ConflictMessage(List<(ManagedFieldsEntry Owner, string Path)> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner.Describe()}: {ObjectPaths.Format(conflicts[0].Path)}";
        }

        var lines = conflicts
            .GroupBy(c => c.Owner.Describe(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Select(c => $"- {ObjectPaths.Format(c.Path)}").Prepend($"conflicts with {g.Key}:"));
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join('\n', lines)}";
    }

    private static bool SameValue(JsonObject? a, JsonObject b, string path) =>
        ObjectPaths.TryGet(a, path, out var left) && ObjectPaths.TryGet(b, path, out var right) && JsonNode.DeepEquals(left, right);

    private static void SetManagedFields(JsonObject obj, List<ManagedFieldsEntry> entries)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        StoreManagedFields(metadata, ToJson(entries));
    }

    /// <summary>
    /// Sets metadata.managedFields, or leaves it out when no entry is left: upstream's encodeManagedFields
    /// (k8s.io/apimachinery/pkg/util/managedfields/internal/managedfields.go) returns nil for an empty set, which
    /// omitempty drops, so an object never shows "managedFields":[].
    /// </summary>
    public static void StoreManagedFields(JsonObject metadata, JsonArray entries)
    {
        if (entries.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = entries;
        }
    }

    private static JsonArray ToJson(List<ManagedFieldsEntry> entries) =>
        [.. entries.Where(e => !e.Fields.IsEmpty).Select(e => (JsonNode)e.ToJson())];

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
