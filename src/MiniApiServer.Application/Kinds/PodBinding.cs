using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// pods/binding (pkg/registry/core/pod/storage/storage.go BindingREST): sets spec.nodeName once and marks PodScheduled.
/// The Binding's uid and resourceVersion are preconditions on the pod, checked first as etcd3's Preconditions.Check does
/// (a 409 on pods carrying the StorageError); a pod being deleted, already bound or still gated is refused by the update
/// itself, which assignPod wraps as a 409 on pods/binding.
/// </summary>
public sealed class PodBinding : ISubresourceHandler
{
    public async Task<ObjectResult> CreateAsync(ResourceService service, ResourceType type, string ns, string name, JsonObject body, WriteOptions options)
    {
        // The create handler (apiserver/pkg/endpoints/handlers/create.go) decodes the body as a Binding before BindingREST
        // reads it, so a value of the wrong JSON type (target.name 7, target "x") is the decoder's 400, not a missing name.
        Serialization.ModelCodec.Decode(body, typeof(V1Binding));
        var bindingName = ObjectMeta.Str(ObjectMeta.Of(body), "name");
        if (!string.IsNullOrEmpty(bindingName) && bindingName != name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Binding object");
        }
        // ValidatePodBinding; upstream returns its aggregate unwrapped, which the handler turns into a 500, so the
        // causes are a 422 here.
        var errors = new FieldErrors();
        var targetKind = ObjectMeta.Str(body["target"] as JsonObject, "kind");
        if (!string.IsNullOrEmpty(targetKind) && targetKind != "Node")
        {
            errors.NotSupported("target.kind", targetKind, "Node", "<empty>");
        }
        var target = ObjectMeta.Str(body["target"] as JsonObject, "name") ?? "";
        if (target.Length == 0)
        {
            errors.Required("target.name");
        }
        if (errors.Any)
        {
            throw ApiErrors.Invalid(type, name, errors.Causes);
        }
        // The bindings collection names its pod only in the body; an empty name has no storage key (NamespaceKeyFunc).
        if (name.Length == 0)
        {
            throw ApiErrors.BadRequest("Name parameter required.");
        }
        var uid = ObjectMeta.Str(ObjectMeta.Of(body), "uid");
        var resourceVersion = ObjectMeta.Str(ObjectMeta.Of(body), "resourceVersion");
        // Upstream copies the Binding's annotations onto the pod (setPodHostAndAnnotations).
        var annotations = (ObjectMeta.Of(body)["annotations"] as JsonObject)?
            .Where(a => a.Value is JsonValue v && v.TryGetValue<string>(out _))
            .Select(a => KeyValuePair.Create(a.Key, a.Value!.GetValue<string>())).ToList() ?? [];
        // The binding has already decided what may change, so the pod strategy (which keeps spec.nodeName) is bypassed.
        // Upstream's BindingREST writes the pod in storage directly (setPodHostAndAnnotations), so no manager is recorded.
        // On the model: every pod the scheduler places is bound here, and the JSON path's parse, decode and re-encode of
        // the whole pod was an eighth of a 5,000-node DaemonSet rollout's CPU.
        var now = service.Time.GetUtcNow();
        var time = KubeTime.Time(now);
        await service.UpdateModelAsync(type, ns, name, pod => Bind(type, ns, name, (V1Pod)pod, new(uid, resourceVersion), target, annotations, time), statusOnly: false,
            keepResourceVersion: !string.IsNullOrEmpty(resourceVersion), bypassStrategy: true, dryRun: options.DryRun).ConfigureAwait(false);
        return ObjectResult.SuccessStatus(201);
    }

    private static bool Bind(ResourceType type, string ns, string name, V1Pod pod, (string? Uid, string? ResourceVersion) preconditions, string target,
        List<KeyValuePair<string, string>> annotations, DateTime now)
    {
        var meta = pod.Metadata;
        if (!string.IsNullOrEmpty(preconditions.Uid) && meta.Uid != preconditions.Uid)
        {
            throw ApiErrors.StoragePreconditionFailed(type, ns, name, ApiErrors.UidPrecondition(preconditions.Uid, meta.Uid));
        }
        if (!string.IsNullOrEmpty(preconditions.ResourceVersion) && meta.ResourceVersion != preconditions.ResourceVersion)
        {
            throw ApiErrors.StoragePreconditionFailed(type, ns, name, ApiErrors.ResourceVersionPrecondition(preconditions.ResourceVersion, meta.ResourceVersion));
        }
        // Checked here on every attempt, as GuaranteedUpdate checks preconditions on each fresh read; the write itself is
        // then unconditional, so a concurrent write is retried and lands here with the new version and its exact message.
        meta.ResourceVersion = null;
        if (meta.DeletionTimestamp is not null)
        {
            throw ApiErrors.SubresourceConflict(type, "binding", name, $"pod {name} is being deleted, cannot be assigned to a host");
        }
        var spec = pod.Spec ??= new V1PodSpec();
        if (spec.NodeName is { Length: > 0 } existing)
        {
            throw ApiErrors.SubresourceConflict(type, "binding", name, $"pod {name} is already assigned to node \"{existing}\"");
        }
        if (spec.SchedulingGates is { Count: > 0 })
        {
            throw ApiErrors.SubresourceConflict(type, "binding", name, $"pod {name} has non-empty .spec.schedulingGates");
        }
        spec.NodeName = target;
        if (annotations.Count > 0)
        {
            var podAnnotations = meta.Annotations ??= new Dictionary<string, string>();
            foreach (var (key, value) in annotations)
            {
                podAnnotations[key] = value;
            }
        }
        // podutil.UpdatePodCondition: the condition is replaced whole, keeping its transition time when its status
        // does not change.
        var status = pod.Status ??= new V1PodStatus();
        var conditions = status.Conditions ??= [];
        var previous = conditions.FirstOrDefault(c => c.Type == "PodScheduled");
        var scheduled = new V1PodCondition
        {
            Type = "PodScheduled",
            Status = "True",
            LastTransitionTime = previous?.Status == "True" ? previous.LastTransitionTime : now,
        };
        if (previous is null)
        {
            conditions.Add(scheduled);
        }
        else
        {
            conditions[conditions.IndexOf(previous)] = scheduled;
        }
        return true;
    }
}
