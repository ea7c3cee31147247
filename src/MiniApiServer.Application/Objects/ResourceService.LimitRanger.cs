using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go), which a default kube-apiserver
/// runs: as mutating admission it gives a created pod the Container defaults of each LimitRange in its namespace, and
/// as validating admission (after the strategy) it refuses a created pod, or a created or updated claim, that breaks
/// one's min, max or ratio with a 403. Pod updates are left alone (containers' resources are immutable), as are
/// subresources. The ranges come from the cache, as upstream's come from its informer.
/// </summary>
public sealed partial class ResourceService
{
    private const string LimitRanges = "limitranges";

    private List<V1LimitRange> LimitRangesIn(string ns) =>
        store.Cache.List(LimitRanges, ns).Items.ConvertAll(ModelCodec.DecodeShared<V1LimitRange>);

    private void DefaultPodResources(string ns, V1Pod pod)
    {
        if (!store.Cache.Any(LimitRanges, ns))
        {
            return;
        }
        foreach (var range in LimitRangesIn(ns))
        {
            LimitRanger.Mutate(range, pod);
        }
    }

    /// <summary>The JSON path's pod: defaulted on its model, and the containers' resources and annotations written back.</summary>
    private void DefaultPodResources(string ns, JsonObject pod)
    {
        if (!store.Cache.Any(LimitRanges, ns))
        {
            return;
        }
        var ranges = LimitRangesIn(ns);
        var model = ModelCodec.Decode<V1Pod>(pod);
        var changed = false;
        foreach (var range in ranges)
        {
            changed |= LimitRanger.Mutate(range, model);
        }
        if (!changed || pod["spec"] is not JsonObject spec)
        {
            return;
        }
        WriteBack(spec["containers"], model.Spec.Containers);
        WriteBack(spec["initContainers"], model.Spec.InitContainers);
        if (model.Metadata?.Annotations?.TryGetValue(LimitRanger.Annotation, out var note) == true)
        {
            var meta = ObjectMeta.Of(pod);
            if (meta["annotations"] is not JsonObject annotations)
            {
                meta["annotations"] = annotations = [];
            }
            annotations[LimitRanger.Annotation] = note;
        }
    }

    private static void WriteBack(JsonNode? list, IList<V1Container>? containers)
    {
        if (list is not JsonArray items || containers is null)
        {
            return;
        }
        for (var i = 0; i < items.Count && i < containers.Count; i++)
        {
            if (items[i] is JsonObject container && containers[i].Resources is { } resources)
            {
                container["resources"] = ModelCodec.Encode(resources);
            }
        }
    }

    /// <summary>LimitRanger's validation of a created pod, or a created or updated claim; the first range broken answers.</summary>
    private void ValidateLimitRanges(ResourceType type, string ns, JsonObject json) =>
        ValidateLimitRanges(type, ns, null, json);

    private void ValidateLimitRanges(ResourceType type, string ns, object? model, JsonObject? json = null)
    {
        if (type != registry.Pods && type != registry.PersistentVolumeClaims || !store.Cache.Any(LimitRanges, ns))
        {
            return;
        }
        var ranges = LimitRangesIn(ns);
        var obj = model ?? ModelCodec.Decode(json!, type.ModelType);
        foreach (var range in ranges)
        {
            var errors = obj switch
            {
                V1Pod pod => LimitRanger.Validate(range, pod),
                V1PersistentVolumeClaim claim => LimitRanger.Validate(range, claim),
                _ => [],
            };
            if (errors.Count > 0)
            {
                var name = (obj as IMetadata<V1ObjectMeta>)?.Metadata?.Name ?? "";
                throw Forbidden(type, name, ApiErrors.Aggregate(errors));
            }
        }
    }

    private static ApiException Forbidden(ResourceType type, string name, string reason) =>
        new(403, "Forbidden", $"{type.GroupResource} \"{name}\" is forbidden: {reason}") { Details = new StatusDetails(name, type.Group, type.Plural) };
}
