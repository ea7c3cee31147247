using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// What a stored CRD serves: nothing until its Established condition is True (the establishing controller), then each
/// served version under the status' acceptedNames (the naming controller's), as crdHandler's getOrCreateServingInfoFor.
/// </summary>
public static class CustomResourceKinds
{
    public const string Group = "apiextensions.k8s.io";

    public static IReadOnlyList<KindDefinition> Of(JsonObject crd)
    {
        // Discovery lists only established CRDs (customresource_discovery_controller.go); serving follows it here.
        if (!IsEstablished(crd) || crd["spec"] is not JsonObject spec || crd["status"]?["acceptedNames"] is not JsonObject names)
        {
            return [];
        }
        var group = Str(spec, "group");
        var plural = Str(names, "plural");
        var kind = Str(names, "kind");
        if (group.Length == 0 || plural.Length == 0 || kind.Length == 0 || spec["versions"] is not JsonArray versions)
        {
            return [];
        }
        var storage = versions.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true);
        if (storage is null)
        {
            return [];
        }
        var storageKey = $"{plural}.{group}";
        var storedGroupVersion = $"{group}/{Str(storage, "name")}";
        var kinds = new List<KindDefinition>();
        // Discovery's order, which makes the first the group's preferred version: kube-aware, GA before beta before alpha.
        foreach (var version in versions.OfType<JsonObject>().OrderBy(v => Str(v, "name"), KubeAwareVersions.Comparer))
        {
            var isStorage = version == storage;
            if (version["served"]?.GetValue<bool>() != true && !isStorage)
            {
                continue;
            }
            var name = Str(version, "name");
            var subresources = version["subresources"] as JsonObject;
            var scale = subresources?["scale"] is JsonObject scaleSpec
                ? new CustomResourceScale(Str(scaleSpec, "specReplicasPath"), Str(scaleSpec, "statusReplicasPath"), Str(scaleSpec, "labelSelectorPath") is { Length: > 0 } l ? l : null)
                : null;
            string[] served = [.. new[] { "status", "scale" }.Where(s => subresources?[s] is JsonObject)];
            var type = new ResourceType(group, name, plural, Str(names, "singular") is { Length: > 0 } singular ? singular : kind.ToLowerInvariant(),
                kind, Str(spec, "scope") != "Cluster", typeof(JsonObject), Strings(names, "shortNames"), Strings(names, "categories"),
                served, UsesGeneration: true)
            {
                StorageKey = isStorage ? storageKey : $"{storageKey}/{name}",
                SelectableFieldPaths = version["selectableFields"] is JsonArray selectable
                    ? [.. selectable.OfType<JsonObject>().Select(f => Str(f, "jsonPath").TrimStart('.')).Where(p => p.Length > 0)]
                    : [],
            };
            // The storage version converts too: objects written under an earlier storage version keep that apiVersion.
            var conversion = new ApiVersionConversion(storageKey, $"{group}/{name}", storedGroupVersion, kind);
            kinds.Add(new CustomResourceKind(type, version["schema"]?["openAPIV3Schema"] as JsonObject, version["additionalPrinterColumns"] as JsonArray,
                conversion, scale) { Served = version["served"]?.GetValue<bool>() == true });
        }
        return kinds;
    }

    public static bool IsEstablished(JsonObject crd) =>
        crd["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => Str(c, "type") == "Established" && Str(c, "status") == "True");

    /// <summary>What <see cref="Of"/> reads: equal keys serve the same kinds.</summary>
    public static string ServingKey(JsonObject crd) =>
        $"{IsEstablished(crd)}|{crd["status"]?["acceptedNames"]?.ToJsonString()}|{crd["spec"]?.ToJsonString()}";

    private static string Str(JsonObject obj, string name) => Objects.ObjectMeta.Str(obj, name) ?? "";

    private static string[] Strings(JsonObject obj, string name) =>
        obj[name] is JsonArray a ? [.. a.Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0)] : [];
}
