using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Admission;

/// <summary>pkg/registry/core/pod/strategy.go, plus the admission plugins a default cluster runs on pods.</summary>
public sealed class PodStrategy(ResourceType type) : TypedStrategy<V1Pod>(type)
{
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";

    /// <summary>The subresource that adds ephemeral containers to a pod (kubectl debug), and nothing else.</summary>
    public const string EphemeralContainersSubresource = "ephemeralcontainers";

    protected override void PrepareForCreate(V1Pod pod, DateTimeOffset now)
    {
        pod.Spec ??= new V1PodSpec();
        PodSpecDefaults.Apply(pod.Spec);
        pod.Spec.EnableServiceLinks ??= true;
        pod.Spec.Priority ??= 0;
        pod.Spec.ServiceAccountName ??= "default";
        pod.Spec.ServiceAccount ??= pod.Spec.ServiceAccountName;
        PodResourceDefaults.RequestsFromLimits(pod.Spec);
        AddDefaultTolerationSeconds(pod.Spec);
        pod.Status = new V1PodStatus { Phase = "Pending", QosClass = QosClass(pod.Spec) };
        if (pod.Spec.SchedulingGates is { Count: > 0 })
        {
            // strategy.go applySchedulingGatedCondition: a gated pod says why it waits (kubectl shows SchedulingGated).
            pod.Status.Conditions = [new V1PodCondition
            {
                Type = "PodScheduled",
                Status = "False",
                Reason = "SchedulingGated",
                Message = "Scheduling is blocked due to non-empty scheduling gates",
            }];
        }
    }

    protected override void PrepareForUpdate(V1Pod pod, V1Pod old, bool statusOnly)
    {
        if (statusOnly && pod.Metadata is { } meta)
        {
            // podStatusStrategy.PrepareForUpdate: pods/status never touches owner references ("old kubelets corrupt
            // them in a way that breaks garbage collection").
            meta.OwnerReferences = old.Metadata?.OwnerReferences;
        }
        if (!statusOnly)
        {
            // A body without spec is an empty one, as Go's PodSpec struct is: validation names what it lacks (a 422).
            pod.Spec ??= new V1PodSpec();
            // spec.nodeName is set only through pods/binding.
            pod.Spec.NodeName = old.Spec?.NodeName;
            // The v1 conversion's one account name: the deprecated field stands in for an empty name and is written
            // back as it, so a body that leaves either out keeps the pod's account.
            pod.Spec.ServiceAccountName = pod.Spec.ServiceAccountName is { Length: > 0 } account ? account : pod.Spec.ServiceAccount;
            pod.Spec.ServiceAccount = pod.Spec.ServiceAccountName;
        }
    }

    protected override void Validate(V1Pod pod, FieldErrors errors)
    {
        PodSpecValidation.Validate(pod.Spec, "spec", errors);
        ValidateContainersOnlyForPod(pod.Spec?.Containers, "spec.containers", errors);
        ValidateContainersOnlyForPod(pod.Spec?.InitContainers, "spec.initContainers", errors);
        if (pod.Spec?.EphemeralContainers is { Count: > 0 } ephemeral)
        {
            ValidateContainersOnlyForPod([.. ephemeral.Select(EphemeralContainerValidation.AsContainer)], "spec.ephemeralContainers", errors);
        }
    }

    /// <summary>
    /// validatePodMetadataAndSpec's validateContainersOnlyForPod: a pod's image has no surrounding whitespace. Templates
    /// are spared, because " " was a placeholder image in some of them (openshift/origin#14659).
    /// </summary>
    private static void ValidateContainersOnlyForPod(IList<V1Container>? containers, string field, FieldErrors errors)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var image = containers![i].Image ?? "";
            if (image.Length > 0 && (char.IsWhiteSpace(image[0]) || char.IsWhiteSpace(image[^1])))
            {
                errors.Invalid($"{field}[{i}].image", image, "must not have leading or trailing whitespace");
            }
        }
    }

    protected override void ValidateCreate(V1Pod pod, FieldErrors errors)
    {
        Validate(pod, errors);
        // ValidatePodCreate, in its order: ephemeral containers only ever come through their subresource.
        if (pod.Spec?.EphemeralContainers is { Count: > 0 })
        {
            errors.Forbidden("spec.ephemeralContainers", "cannot be set on create");
        }
        // A pod placed by its creator must not also wait for its gates; bound at once, it would run while its
        // PodScheduled still said SchedulingGated.
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Spec.SchedulingGates is { Count: > 0 })
        {
            errors.Forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared");
        }
    }

    /// <summary>
    /// pods/ephemeralcontainers (podEphemeralContainersStrategy): the stored pod with the body's ephemeral containers and
    /// nothing else of it (dropNonEphemeralContainerUpdates), then ValidatePodEphemeralContainersUpdate.
    /// </summary>
    public JsonObject AdmitEphemeralContainersUpdate(JsonObject obj, JsonObject old, StoredObject stored, FieldErrors errors)
    {
        var result = old.DeepClone().AsObject();
        ObjectMeta.Of(result).Remove("resourceVersion");
        var spec = result["spec"] as JsonObject ?? [];
        result["spec"] = spec;
        if ((obj["spec"] as JsonObject)?["ephemeralContainers"] is { } ephemeral)
        {
            spec["ephemeralContainers"] = ephemeral.DeepClone();
        }
        else
        {
            spec.Remove("ephemeralContainers");
        }
        var pod = ModelCodec.Decode<V1Pod>(result);
        if (pod.Spec?.EphemeralContainers is { Count: > 0 } containers)
        {
            // The body is defaulted as it is decoded upstream, before an existing container is compared with the stored one.
            PodSpecDefaults.ApplyEphemeralContainers(pod.Spec);
            spec["ephemeralContainers"] = System.Text.Json.JsonSerializer.SerializeToNode(containers, ModelCodec.Options);
        }
        var oldPod = ModelCodec.DecodeShared<V1Pod>(stored);
        if (oldPod.Metadata?.Annotations?.ContainsKey(MirrorPodReferences.Annotation) == true)
        {
            // Alone, as upstream returns it (#113935); the static pod's kubelet would never run the container. The path is
            // field.NewPath(""), which prints as "[]".
            errors.Forbidden("[]", "static pods do not support ephemeral containers");
            return result;
        }
        Validate(pod, errors);
        // Existing ones may not change or go; a patch need not keep their order, so each is found by name.
        var added = new Dictionary<string, V1EphemeralContainer>(StringComparer.Ordinal);
        foreach (var c in pod.Spec?.EphemeralContainers ?? [])
        {
            added[c.Name ?? ""] = c;
        }
        foreach (var before in oldPod.Spec?.EphemeralContainers ?? [])
        {
            if (!added.TryGetValue(before.Name ?? "", out var now))
            {
                errors.Forbidden("spec.ephemeralContainers", $"existing ephemeral containers \"{before.Name}\" may not be removed\n");
            }
            else if (!Semantic.DeepEqual(before, now))
            {
                // Upstream appends a cmp.Diff, whose output is deliberately unstable; left out as in the pod update message.
                errors.Forbidden("spec.ephemeralContainers", $"existing ephemeral containers \"{before.Name}\" may not be changed\n");
            }
        }
        return result;
    }

    protected override void ValidateUpdate(V1Pod pod, V1Pod old, FieldErrors errors)
    {
        Validate(pod, errors);
        // Most pod updates (labels, annotations, finalizers) leave the spec as it was: equal encodings settle it, and
        // only differing ones are masked, from the same bytes.
        var (spec, oldSpec) = (ModelCodec.EncodeBytes(pod.Spec), ModelCodec.EncodeBytes(old.Spec));
        if (spec.AsSpan().SequenceEqual(oldSpec))
        {
            return;
        }
        // ValidatePodUpdate: scheduling gates may only be removed, and while the old pod is gated its nodeSelector and its
        // required node affinity terms may gain entries (KEP-3838); these are then masked out of the comparison as
        // upstream's mungedPodSpec copies them.
        var gated = old.Spec?.SchedulingGates is { Count: > 0 };
        PodSchedulingGates.ValidateOnlyDeleted(pod.Spec?.SchedulingGates, old.Spec?.SchedulingGates, errors);
        if (gated)
        {
            PodSchedulingGates.ValidateNodeSelectorAdditions(pod.Spec?.NodeSelector, old.Spec?.NodeSelector, errors);
            PodSchedulingGates.ValidateNodeAffinityAdditions(pod.Spec?.Affinity?.NodeAffinity, old.Spec?.Affinity?.NodeAffinity, errors);
        }
        if (SpecForComparison(spec, gated) != SpecForComparison(oldSpec, gated))
        {
            errors.Forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
        }
    }

    /// <summary>
    /// pods/status: the spec is the stored one again (carried over from the stored object on both the JSON and the model
    /// path), so it is neither validated nor compared again. Upstream's podStatusStrategy (pkg/registry/core/pod/strategy.go)
    /// also skips the spec but runs ValidatePodStatusUpdate on metadata and status, which this does not. That comparison encoded both specs to JSON on every kubelet status
    /// write (~6% of a 5,000-node rollout's CPU, docs/benchmarks.md session 5).
    /// </summary>
    protected override void ValidateStatusUpdate(V1Pod pod, V1Pod old, FieldErrors errors)
    {
    }

    /// <summary>DefaultTolerationSeconds admission: not-ready and unreachable NoExecute for 300 s unless covered.</summary>
    private static void AddDefaultTolerationSeconds(V1PodSpec spec)
    {
        spec.Tolerations ??= [];
        foreach (var key in new[] { NotReadyTaint, UnreachableTaint })
        {
            var covered = spec.Tolerations.Any(t =>
                (string.IsNullOrEmpty(t.Key) && t.OperatorProperty == "Exists" || t.Key == key)
                && (string.IsNullOrEmpty(t.Effect) || t.Effect == "NoExecute"));
            if (!covered)
            {
                spec.Tolerations.Add(new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 });
            }
        }
    }

    private static string QosClass(V1PodSpec spec)
    {
        var containers = spec.Containers ?? [];
        var any = containers.Any(c => c.Resources?.Requests?.Count > 0 || c.Resources?.Limits?.Count > 0);
        if (!any)
        {
            return "BestEffort";
        }
        var guaranteed = containers.All(c =>
            c.Resources?.Limits is { } l && l.ContainsKey("cpu") && l.ContainsKey("memory")
            && (c.Resources.Requests is null || c.Resources.Requests.All(r => l.TryGetValue(r.Key, out var lv) && lv.ToDecimal() == r.Value.ToDecimal())));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static string SpecForComparison(byte[] spec, bool gated)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(spec)!.AsObject();
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (node[list] is System.Text.Json.Nodes.JsonArray arr)
            {
                foreach (var c in arr.OfType<System.Text.Json.Nodes.JsonObject>())
                {
                    c.Remove("image");
                }
            }
        }
        node.Remove("activeDeadlineSeconds");
        node.Remove("nodeName");
        node.Remove("tolerations");
        node.Remove("terminationGracePeriodSeconds");
        node.Remove("schedulingGates");
        if (gated)
        {
            node.Remove("nodeSelector");
            // setNodeAffinity: the node affinity is the old one again, and an affinity left with nothing else goes too.
            if (node["affinity"] is System.Text.Json.Nodes.JsonObject affinity)
            {
                affinity.Remove("nodeAffinity");
                if (affinity.Count == 0)
                {
                    node.Remove("affinity");
                }
            }
        }
        return node.ToJsonString();
    }
}
