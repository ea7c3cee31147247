using System.Buffers;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// The ServiceAccount admission plugin's token volume (<c>kube-api-access-XXXXX</c>) and its mounts are owned by no
/// manager: upstream's create handler (handlers/create.go) records the creator's fields before mutating admission adds
/// them. Leaving them out also keeps a create's field set shared by every pod of one template (<see cref="CreatedFields"/>
/// keys sets by list-map keys, and each pod's volume has a random name). Only a pod's own lists are read, the volumes
/// and each container's and init container's volume mounts; an item is left out by its generated name, so a volume a
/// user named that way is left out too.
/// </summary>
internal static class TokenVolumeFields
{
    private const string Prefix = ServiceAccountTokenMount.VolumePrefix;
    private static readonly SearchValues<byte> Generated = SearchValues.Create(NameGenerator.Alphabet.Select(c => (byte)c).ToArray());

    /// <summary>Whether a list of this name, at this level of a pod, may hold token volume items.</summary>
    public static bool MayHold(ReadOnlySpan<byte> listName, Type? owner) =>
        (owner == typeof(k8s.Models.V1PodSpec) && listName.SequenceEqual("volumes"u8))
        || (owner == typeof(k8s.Models.V1Container) && listName.SequenceEqual("volumeMounts"u8));

    /// <summary>A JSON string token (quotes included) holding a generated token volume name.</summary>
    public static bool IsGeneratedName(ReadOnlySpan<byte> quoted) =>
        quoted.Length == Prefix.Length + 7 && quoted[0] == '"' && quoted[^1] == '"' && IsGenerated(quoted[1..^1]);

    // The prefix and NameGenerator's five characters, from UTF-8 (a name's characters are all ASCII when it matches).
    private static bool IsGenerated(ReadOnlySpan<byte> name) =>
        name.Length == Prefix.Length + 5 && name.StartsWith("kube-api-access-"u8) && name[Prefix.Length..].IndexOfAnyExcept(Generated) < 0;

    /// <summary>
    /// The pod without those items (a copy, when there are any), and without a list they alone made up, as the
    /// object stood before admission added them.
    /// </summary>
    public static JsonObject Without(JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec || !Holds(spec))
        {
            return pod;
        }
        var copy = pod.DeepClone().AsObject();
        var copySpec = copy["spec"]!.AsObject();
        Strip(copySpec, "volumes");
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in (copySpec[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                Strip(container, "volumeMounts");
            }
        }
        return copy;
    }

    private static bool Holds(JsonObject spec) =>
        (spec["volumes"] as JsonArray)?.Any(IsGenerated) == true
        || new[] { "containers", "initContainers" }.Any(list => (spec[list] as JsonArray)?.OfType<JsonObject>()
            .Any(c => (c["volumeMounts"] as JsonArray)?.Any(IsGenerated) == true) == true);

    private static void Strip(JsonObject owner, string listName)
    {
        if (owner[listName] is not JsonArray list || !list.Any(IsGenerated))
        {
            return;
        }
        list.RemoveAll(IsGenerated);
        if (list.Count == 0)
        {
            owner.Remove(listName);
        }
    }

    private static bool IsGenerated(JsonNode? item) =>
        item is JsonObject o && o["name"] is JsonValue v && v.TryGetValue<string>(out var name) && name.Length == Prefix.Length + 5
        && IsGenerated(System.Text.Encoding.UTF8.GetBytes(name));
}
