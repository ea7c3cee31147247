using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Admission.PodSecurity;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The PodSecurity admission plugin (plugin/pkg/admission/security/podsecurity over k8s.io/pod-security-admission) in
/// the validating phase, after ServiceAccount and before the validating webhooks: a namespace's labels are checked, a
/// pod is refused under its namespace's enforce level and warned about under its warn level, a workload's pod template
/// is warned about, and a namespace whose enforce level tightens is told which existing pods would now be refused.
/// kube-apiserver's default configuration applies: privileged:latest for every mode, no exemptions.
/// </summary>
public sealed partial class ResourceService
{
    private const string Create = "create";
    private const string Update = "update";

    private static readonly PodSecurityEvaluator PodSecurityRules = PodSecurityEvaluator.Default;

    /// <summary>Told of each evaluation the plugin counts (pod_security_evaluations_total), on the writing thread.</summary>
    public Action<PodSecurityEvaluation>? PodSecurityEvaluated { get; set; }

    /// <summary>
    /// The validating plugins that run before the webhooks on a create, in kube-apiserver's order: LimitRanger,
    /// PodSecurity, then RuntimeClass. The object is the admitted one, named as it will be stored.
    /// </summary>
    private void ValidateCreateBeforeWebhooks(ResourceType type, string ns, string name, object? model, JsonObject? json, List<string> warnings)
    {
        ValidateLimitRanges(type, ns, model, json);
        AdmitPodSecurityCreate(type, ns, name, model, json, warnings);
        ValidateRuntimeClass(type, name, model, json);
    }

    /// <summary>PodSecurity's Validate on a create.</summary>
    private void AdmitPodSecurityCreate(ResourceType type, string ns, string name, object? model, JsonObject? json, List<string> warnings)
    {
        if (type == registry.Namespaces)
        {
            var errors = new FieldErrors();
            PodSecurityPolicy.FromLabels(Labels(model, json), errors);
            if (errors.Any)
            {
                throw ApiErrors.Invalid(type, name, errors.Causes);
            }
            return;
        }
        if (type == registry.Pods)
        {
            if (PodSecurityPolicyOf(ns) is not { } policy)
            {
                Record(PrivilegedAllowed(Create, ""));
                // sharedAllowedPrivilegedResponse's annotation; the check keeps the string off the create path when nothing records.
                if (AuditAnnotations.Recording)
                {
                    AuditAnnotations.Add(EnforcePolicyAnnotation, LevelVersion.PrivilegedLatest.ToString());
                }
                return;
            }
            var pod = model as V1Pod ?? ModelCodec.Decode<V1Pod>(json!);
            Apply(PodSecurityAdmission.EvaluatePod(PodSecurityRules, policy, pod.Metadata, pod.Spec ?? new V1PodSpec(), enforce: true), policy, Create, "pod", "", name, warnings);
            return;
        }
        WarnAboutTemplate(type, ns, model, json, Create, warnings);
    }

    /// <summary>PodSecurity's Validate on an update of <paramref name="stored"/> through <paramref name="subresource"/>.</summary>
    private void AdmitPodSecurityUpdate(ResourceType type, string ns, string name, JsonObject updated, JsonObject old, StoredObject stored, string? subresource,
        List<string> warnings)
    {
        if (type == registry.Namespaces)
        {
            if (subresource is null)
            {
                ValidateNamespacePodSecurity(name, updated, old, warnings);
            }
            return;
        }
        if (type == registry.Pods)
        {
            if (PodSecurityAdmission.IgnoresSubresource(subresource))
            {
                return;
            }
            if (PodSecurityPolicyOf(ns) is not { } policy)
            {
                // Counted before the update's significance is known, as ValidatePod short-circuits a privileged namespace.
                Record(PrivilegedAllowed(Update, subresource ?? ""));
                return;
            }
            var pod = ModelCodec.Decode<V1Pod>(updated);
            if (PodSecurityAdmission.IsSignificantPodUpdate(pod, ModelCodec.DecodeShared<V1Pod>(stored)))
            {
                Apply(PodSecurityAdmission.EvaluatePod(PodSecurityRules, policy, pod.Metadata, pod.Spec ?? new V1PodSpec(), enforce: true), policy, Update, "pod",
                    subresource ?? "", name, warnings);
            }
            return;
        }
        if (subresource is null)
        {
            WarnAboutTemplate(type, ns, null, updated, Update, warnings);
        }
    }

    /// <summary>ValidatePodController: a workload's template is only warned about (and audited), never refused.</summary>
    private void WarnAboutTemplate(ResourceType type, string ns, object? model, JsonObject? json, string operation, List<string> warnings)
    {
        if (PodTemplates.PathOf(type) is not { } path || PodSecurityPolicyOf(ns) is not { } policy
            || (policy.Warn.Level == PodSecurityLevel.Privileged && policy.Audit.Level == PodSecurityLevel.Privileged))
        {
            return;
        }
        if (PodTemplates.Extract(json ?? ModelCodec.Encode(model!), path) is { } template)
        {
            Apply(PodSecurityAdmission.EvaluatePod(PodSecurityRules, policy, template.Metadata, template.Spec, enforce: false), policy, operation, "controller", "",
                "", warnings);
        }
    }

    /// <summary>
    /// ValidateNamespace on an update: labels that became invalid are refused (ones already invalid in the same way are
    /// left alone); an enforce level that tightened dry-runs the namespace's pods, as warnings.
    /// </summary>
    private void ValidateNamespacePodSecurity(string name, JsonObject updated, JsonObject old, List<string> warnings)
    {
        var errors = new FieldErrors();
        var policy = PodSecurityPolicy.FromLabels(Labels(null, updated), errors);
        var oldErrors = new FieldErrors();
        var oldPolicy = PodSecurityPolicy.FromLabels(Labels(null, old), oldErrors);
        if (errors.Any && (!oldErrors.Any || !errors.Causes.SequenceEqual(oldErrors.Causes)))
        {
            throw ApiErrors.Invalid(registry.Namespaces, name, errors.Causes);
        }
        if (!PodSecurityAdmission.ChecksExistingPods(policy, oldPolicy))
        {
            return;
        }
        var pods = store.Cache.List(registry.Pods.StorageKey, name).Items.Select(ModelCodec.DecodeShared<V1Pod>).ToList();
        var started = time.GetTimestamp();
        warnings.AddRange(PodSecurityAdmission.EvaluatePodsInNamespace(PodSecurityRules, name, policy.Enforce, pods,
            () => time.GetElapsedTime(started) > PodSecurityAdmission.PodCheckTimeout));
    }

    /// <summary>The namespace's policy when a mode is stricter than privileged; null, the common case, otherwise.</summary>
    private PodSecurityPolicy? PodSecurityPolicyOf(string ns)
    {
        if (store.Cache.Get(registry.Namespaces.StorageKey, "", ns) is not { } stored)
        {
            return null;
        }
        var labels = ModelCodec.DecodeShared<V1Namespace>(stored).Metadata?.Labels;
        if (!PodSecurityPolicy.HasLabels(labels))
        {
            return null;
        }
        var policy = PodSecurityPolicy.FromLabels(labels, null);
        return policy.FullyPrivileged ? null : policy;
    }

    /// <summary>Counts the verdict's evaluations as the plugin's metrics do, then refuses or warns.</summary>
    private void Apply(PodSecurityVerdict verdict, PodSecurityPolicy policy, string operation, string resource, string subresource, string name, List<string> warnings)
    {
        if (verdict.EnforceAllowed is { } allowed)
        {
            Record(new PodSecurityEvaluation(allowed ? "allow" : "deny", policy.Enforce, "enforce", operation, resource, subresource));
            if (AuditAnnotations.Recording)
            {
                AuditAnnotations.Add(EnforcePolicyAnnotation, policy.Enforce.ToString());
            }
        }
        if (verdict.AuditViolation is { } violation)
        {
            Record(new PodSecurityEvaluation("deny", policy.Audit, "audit", operation, resource, subresource));
            AuditAnnotations.Add("pod-security.kubernetes.io/audit-violations", violation);
        }
        if (verdict.Forbidden is { } forbidden)
        {
            throw PodForbidden(name, forbidden);
        }
        if (verdict.Warning is { } warning)
        {
            Record(new PodSecurityEvaluation("deny", policy.Warn, "warn", operation, resource, subresource));
            warnings.Add(warning);
        }
    }

    private const string EnforcePolicyAnnotation = "pod-security.kubernetes.io/enforce-policy";

    private void Record(PodSecurityEvaluation evaluation) => PodSecurityEvaluated?.Invoke(evaluation);

    private static PodSecurityEvaluation PrivilegedAllowed(string operation, string subresource) =>
        new("allow", LevelVersion.PrivilegedLatest, "enforce", operation, "pod", subresource);

    private static Dictionary<string, string>? Labels(object? model, JsonObject? json)
    {
        if (model is V1Namespace ns)
        {
            return ns.Metadata?.Labels is { } l ? new Dictionary<string, string>(l, StringComparer.Ordinal) : null;
        }
        return (json?["metadata"] as JsonObject)?["labels"] is JsonObject labels
            ? labels.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
            : null;
    }
}
