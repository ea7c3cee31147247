using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The admission plugins a default kube-apiserver runs on pod creation that read other objects, so they sit here
/// rather than in the (pure) pod strategy: Priority (plugin/pkg/admission/priority) and ServiceAccount
/// (plugin/pkg/admission/serviceaccount: the account must exist; its token volume, pull secrets and mountable
/// secrets). Both answer 403 Forbidden, worded as upstream's. Pods arrive as JSON (HTTP) or as models (controllers);
/// both adapters feed the same rules.
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
        // LimitRanger, ServiceAccount, then Priority: kube-apiserver's mutating plugin order (options/plugins.go).
        DefaultPodResources(ns, pod);
        var meta = ObjectMeta.Of(pod);
        var name = ForbiddenName(meta);
        // Annotations that are not an object fail the typed decode with a 400 later; indexing them here threw (a 500).
        if ((meta["annotations"] as JsonObject)?[MirrorPodReferences.Annotation] is not null)
        {
            // Admit hands a mirror pod to Validate unchanged: it may reference no account, secret or token.
            if (TryDecodeSpec(spec) is { } mirror && MirrorPodReferences.Refusal(mirror) is { } why)
            {
                throw PodForbidden(name, why);
            }
        }
        else if (IsTextOrAbsent(spec["serviceAccountName"]) && IsTextOrAbsent(spec["serviceAccount"]))
        {
            // The v1 field's deprecated twin stands in for an empty name, as the conversion to the internal pod does, and
            // the conversion back writes the one name into both.
            var accountName = Account(Text(spec["serviceAccountName"]), Text(spec["serviceAccount"]));
            spec["serviceAccountName"] = accountName;
            spec["serviceAccount"] = accountName;
            var account = await RequireServiceAccountAsync(ns, accountName, name).ConfigureAwait(false);
            var automount = spec["automountServiceAccountToken"] is JsonValue a && a.TryGetValue<bool>(out var b) ? b : (bool?)null;
            if (ServiceAccountTokenMount.ShouldAutomount(automount, account.AutomountServiceAccountToken))
            {
                ServiceAccountTokenMount.Mount(spec, TokenVolumeName);
            }
            ServiceAccountTokenMount.InheritPullSecrets(spec, account.ImagePullSecrets);
            if (MountableSecrets.Enforced(account) && TryDecodeSpec(spec) is { } typed && MountableSecrets.Refusal(account, typed) is { } refusal)
            {
                throw PodForbidden(name, refusal);
            }
        }
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
    }

    private async Task AdmitPodCreateAsync(ResourceType type, string ns, object model)
    {
        if (type != registry.Pods || model is not V1Pod { Spec: { } spec } pod)
        {
            return;
        }
        DefaultPodResources(ns, pod);
        var name = pod.Metadata?.Name is { Length: > 0 } podName ? podName : pod.Metadata?.GenerateName ?? "";
        if (pod.Metadata?.Annotations?.ContainsKey(MirrorPodReferences.Annotation) == true)
        {
            if (MirrorPodReferences.Refusal(spec) is { } why)
            {
                throw PodForbidden(name, why);
            }
        }
        else
        {
            spec.ServiceAccountName = Account(spec.ServiceAccountName ?? "", spec.ServiceAccount ?? "");
            spec.ServiceAccount = spec.ServiceAccountName;
            var account = await RequireServiceAccountAsync(ns, spec.ServiceAccountName, name).ConfigureAwait(false);
            if (ServiceAccountTokenMount.ShouldAutomount(spec.AutomountServiceAccountToken, account.AutomountServiceAccountToken))
            {
                ServiceAccountTokenMount.Mount(spec, TokenVolumeName);
            }
            ServiceAccountTokenMount.InheritPullSecrets(spec, account.ImagePullSecrets);
            if (MountableSecrets.Enforced(account) && MountableSecrets.Refusal(account, spec) is { } refusal)
            {
                throw PodForbidden(name, refusal);
            }
        }
        var (priority, policy, className) = ResolvePriority(spec.PriorityClassName ?? "", spec.Priority, spec.PreemptionPolicy ?? "", name);
        spec.Priority = (int)priority;
        spec.PreemptionPolicy = policy;
        if (className.Length > 0)
        {
            spec.PriorityClassName = className;
        }
    }

    /// <summary>
    /// The plugin's Validate, in the validating phase: run again when mutating webhooks changed the pod, which may have
    /// renamed or removed its account or added a reference an enforcing account does not list.
    /// </summary>
    private async Task ValidatePodServiceAccountAsync(ResourceType type, string ns, JsonObject pod)
    {
        if (type != registry.Pods || pod["spec"] is not JsonObject spec || TryDecodeSpec(spec) is not { } typed)
        {
            return;
        }
        var meta = ObjectMeta.Of(pod);
        var name = ForbiddenName(meta);
        if ((meta["annotations"] as JsonObject)?[MirrorPodReferences.Annotation] is not null)
        {
            if (MirrorPodReferences.Refusal(typed) is { } why)
            {
                throw PodForbidden(name, why);
            }
            return;
        }
        var accountName = typed.ServiceAccountName is { Length: > 0 } given ? given : typed.ServiceAccount ?? "";
        if (accountName.Length == 0)
        {
            throw PodForbidden(name, $"no service account specified for pod {ns}/{name}");
        }
        var account = await RequireServiceAccountAsync(ns, accountName, name).ConfigureAwait(false);
        if (MountableSecrets.Enforced(account) && MountableSecrets.Refusal(account, typed) is { } refusal)
        {
            throw PodForbidden(name, refusal);
        }
    }

    /// <summary>
    /// The plugin's Validate on pods/ephemeralcontainers (limitEphemeralContainerSecretReferences): the pod's account must
    /// still exist, and an enforcing one must list the secrets the ephemeral containers' environment reads. Upstream
    /// returns the secret refusal as a plain error, which its handler turns into a 500; it is a 403 here, as on create.
    /// </summary>
    private async Task ValidateEphemeralContainerSecretsAsync(string ns, JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec || TryDecodeSpec(spec) is not { } typed)
        {
            return;
        }
        var name = ForbiddenName(ObjectMeta.Of(pod));
        if (typed.ServiceAccountName is not { Length: > 0 } accountName)
        {
            throw PodForbidden(name, $"no service account specified for pod {ns}/{name}");
        }
        var account = await RequireServiceAccountAsync(ns, accountName, name).ConfigureAwait(false);
        if (MountableSecrets.Enforced(account) && MountableSecrets.EphemeralRefusal(account, typed) is { } refusal)
        {
            throw PodForbidden(name, refusal);
        }
    }

    // admission.NewForbidden names a pod that has no name yet by its generateName (extractResourceName).
    private static string ForbiddenName(JsonObject meta) =>
        ObjectMeta.Str(meta, "name") is { Length: > 0 } name ? name : ObjectMeta.Str(meta, "generateName") ?? "";

    // A name of the wrong type is left for the typed decode's 400, as upstream decodes before admitting.
    private static bool IsTextOrAbsent(JsonNode? node) => node is null || node is JsonValue v && v.TryGetValue<string>(out _);

    private static string TokenVolumeName() => NameGenerator.Generate(ServiceAccountTokenMount.VolumePrefix);

    /// <summary>The spec as a model for the rare check that needs one; a malformed spec is the typed decode's 400 later.</summary>
    private static V1PodSpec? TryDecodeSpec(JsonObject spec)
    {
        try
        {
            return ModelCodec.Decode<V1PodSpec>(spec);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ApiException or FormatException or InvalidOperationException)
        {
            return null;
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

    /// <summary>
    /// getServiceAccount: the lister (this server's cache), then a live look (the cache caught up with the log, which
    /// sees another replica's fresh write) once, or ten times 100-200 ms apart for "default", which its controller creates
    /// just after the namespace. The account is the stored version's shared model: read, never changed.
    /// </summary>
    private async ValueTask<V1ServiceAccount> RequireServiceAccountAsync(string ns, string account, string podName)
    {
        var saType = registry.ByStorageKey("serviceaccounts")!;
        if (TryGet(saType, ns, account) is { } cached)
        {
            return ModelCodec.DecodeShared<V1ServiceAccount>(cached);
        }
        var attempts = account == DefaultServiceAccount ? 10 : 1;
        var interval = TimeSpan.FromMilliseconds(100 + Random.Shared.Next(100));
        for (var i = 0; i < attempts; i++)
        {
            if (i > 0)
            {
                await Task.Delay(interval, time).ConfigureAwait(false);
            }
            await store.CatchUpForReadAsync().ConfigureAwait(false);
            if (TryGet(saType, ns, account) is { } stored)
            {
                return ModelCodec.DecodeShared<V1ServiceAccount>(stored);
            }
        }
        // errors.NewNotFound(api.Resource("serviceaccount"), name), wrapped by Admit.
        throw PodForbidden(podName, $"error looking up service account {ns}/{account}: serviceaccount \"{account}\" not found");
    }

    private static ApiException PodForbidden(string name, string reason) =>
        new(403, "Forbidden", $"pods \"{name}\" is forbidden: {reason}") { Details = new StatusDetails(name, "", "pods") };

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
