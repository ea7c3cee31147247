using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The admission plugins a default kube-apiserver runs on pod creation that read other objects, so they sit here
/// rather than in the (pure) pod strategy: Priority (plugin/pkg/admission/priority) and ServiceAccount
/// (plugin/pkg/admission/serviceaccount). Both answer 403 Forbidden, worded as upstream's. Pods arrive as JSON
/// (HTTP) or as models (controllers); both adapters feed the same rules.
/// </summary>
public sealed partial class ResourceService
{
    private const string DefaultServiceAccount = "default";

    // Replaced whole (a reference write), so concurrent creates read either the old answer or the new one.
    private GlobalDefaultMemo? _globalDefaultPriorityClass;

    private async Task AdmitPodCreateAsync(ResourceType type, string ns, JsonObject pod)
    {
        if (type != registry.Pods || pod["spec"] is not JsonObject spec)
        {
            // A pod without a spec object fails validation in the pod strategy instead.
            return;
        }
        // LimitRanger comes before ServiceAccount and Priority in the mutating chain (kube-apiserver's plugin order).
        DefaultPodResources(ns, pod);
        var meta = ObjectMeta.Of(pod);
        // admission.NewForbidden names a pod that has no name yet by its generateName (extractResourceName).
        var name = ObjectMeta.Str(meta, "name") is { Length: > 0 } podName ? podName : ObjectMeta.Str(meta, "generateName") ?? "";
        long? given = null;
        if (spec["priority"] is { } p)
        {
            if (p is not JsonValue v || !v.TryGetValue<long>(out var n))
            {
                return; // not a number: the typed decode rejects it with a 400.
            }
            given = n;
        }
        var (priority, policy, className) = ResolvePriority(Text(spec["priorityClassName"]), given, Text(spec["preemptionPolicy"]), name);
        spec["priority"] = priority;
        spec["preemptionPolicy"] = policy;
        if (className.Length > 0)
        {
            spec["priorityClassName"] = className;
        }
        // Annotations that are not an object fail the typed decode with a 400 later; indexing them here threw (a 500).
        if ((meta["annotations"] as JsonObject)?["kubernetes.io/config.mirror"] is null)
        {
            await RequireServiceAccountAsync(ns, Account(Text(spec["serviceAccountName"]), Text(spec["serviceAccount"])), name).ConfigureAwait(false);
        }
    }

    private async Task AdmitPodCreateAsync(ResourceType type, string ns, object model)
    {
        if (type != registry.Pods || model is not V1Pod { Spec: { } spec } pod)
        {
            return;
        }
        DefaultPodResources(ns, pod);
        var name = pod.Metadata?.Name is { Length: > 0 } podName ? podName : pod.Metadata?.GenerateName ?? "";
        var (priority, policy, className) = ResolvePriority(spec.PriorityClassName ?? "", spec.Priority, spec.PreemptionPolicy ?? "", name);
        spec.Priority = (int)priority;
        spec.PreemptionPolicy = policy;
        if (className.Length > 0)
        {
            spec.PriorityClassName = className;
        }
        if (pod.Metadata?.Annotations?.ContainsKey("kubernetes.io/config.mirror") != true)
        {
            await RequireServiceAccountAsync(ns, Account(spec.ServiceAccountName ?? "", spec.ServiceAccount ?? ""), name).ConfigureAwait(false);
        }
    }

    /// <summary>The pod's priority, preemption policy and class: the named class, else the lowest-valued global default, else 0.</summary>
    private (long Priority, string Policy, string ClassName) ResolvePriority(string className, long? givenPriority, string givenPolicy, string podName)
    {
        var pcType = registry.ByStorageKey(PriorityClasses)!;
        var pc = className.Length == 0
            ? GlobalDefaultPriorityClass(pcType)
            : TryGet(pcType, "", className) is { } stored
                ? PriorityClassOf(Parse(stored))
                : throw PodForbidden(podName, $"no PriorityClass with name {className} was found");
        var priority = pc?.Value ?? 0;
        var policy = pc?.Policy is { Length: > 0 } p ? p : SystemPriorityClasses.PreemptLowerPriority;
        if (givenPriority is long set && set != priority)
        {
            throw PodForbidden(podName, $"the integer value of priority ({set}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }
        if (givenPolicy.Length > 0 && givenPolicy != policy)
        {
            throw PodForbidden(podName, $"the string value of PreemptionPolicy ({givenPolicy}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name");
        }
        return (priority, policy, pc?.Name ?? "");
    }

    /// <summary>
    /// The lowest-valued globalDefault class, or null. Every pod without a class asks, so the answer is kept for as
    /// long as the set of classes is the same: the count and the highest resourceVersion change on any create,
    /// update or delete, since revisions only grow.
    /// </summary>
    private PriorityClassFacts? GlobalDefaultPriorityClass(ResourceType pcType)
    {
        var items = store.Cache.List(pcType.StorageKey, null).Items;
        var key = (items.Count, items.Count == 0 ? 0 : items.Max(i => i.ResourceVersion));
        if (_globalDefaultPriorityClass is { } memo && memo.Key == key)
        {
            return memo.Class;
        }
        var found = items.Select(Parse)
            .Where(o => o["globalDefault"] is JsonValue g && g.TryGetValue<bool>(out var b) && b)
            .MinBy(o => Number(o["value"]));
        var facts = found is null ? null : PriorityClassOf(found);
        _globalDefaultPriorityClass = new GlobalDefaultMemo(key, facts);
        return facts;
    }

    private static PriorityClassFacts PriorityClassOf(JsonObject pc) =>
        new(Number(pc["value"]), Text(pc["preemptionPolicy"]), ObjectMeta.Str(ObjectMeta.Of(pc), "name") ?? "");

    private sealed record PriorityClassFacts(long Value, string Policy, string Name);

    private sealed record GlobalDefaultMemo((int Count, long MaxRevision) Key, PriorityClassFacts? Class);

    private static string Account(string serviceAccountName, string deprecatedServiceAccount) =>
        serviceAccountName.Length > 0 ? serviceAccountName : deprecatedServiceAccount.Length > 0 ? deprecatedServiceAccount : DefaultServiceAccount;

    private async Task RequireServiceAccountAsync(string ns, string account, string podName)
    {
        var saType = registry.ByStorageKey("serviceaccounts")!;
        // Upstream looks "default" up ten times, 100-200 ms apart, because its controller creates it just after the namespace.
        var attempts = account == DefaultServiceAccount ? 10 : 1;
        for (var i = 0; i < attempts; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 + Random.Shared.Next(100)), time).ConfigureAwait(false);
                await store.CatchUpForReadAsync().ConfigureAwait(false);
            }
            if (TryGet(saType, ns, account) is not null)
            {
                return;
            }
        }
        throw PodForbidden(podName, $"service account {ns}/{account} was not found, retry after the service account is created");
    }

    private static ApiException PodForbidden(string name, string reason) =>
        new(403, "Forbidden", $"pods \"{name}\" is forbidden: {reason}") { Details = new StatusDetails(name, "", "pods") };

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
