using k8s.Models;

namespace MiniApiServer.Application.Webhooks;

/// <summary>
/// One webhook of a configuration, mutating or validating, as the dispatchers read it (webhook.WebhookAccessor).
/// Built from the stored, defaulted configuration, so the defaults of v1/defaults.go are already in.
/// </summary>
public sealed record AdmissionWebhook(
    string ConfigurationName,
    string Name,
    bool Mutating,
    Admissionregistrationv1WebhookClientConfig ClientConfig,
    IReadOnlyList<V1RuleWithOperations> Rules,
    string FailurePolicy,
    string MatchPolicy,
    V1LabelSelector? NamespaceSelector,
    V1LabelSelector? ObjectSelector,
    string? SideEffects,
    int TimeoutSeconds,
    IReadOnlyList<string> AdmissionReviewVersions,
    string ReinvocationPolicy,
    int MatchConditionCount)
{
    public bool IgnoresFailures => FailurePolicy == "Ignore";

    public static IEnumerable<AdmissionWebhook> Of(V1MutatingWebhookConfiguration config) =>
        (config.Webhooks ?? []).Select(w => new AdmissionWebhook(config.Metadata?.Name ?? "", w.Name ?? "", true, w.ClientConfig ?? new Admissionregistrationv1WebhookClientConfig(),
            [.. w.Rules ?? []], w.FailurePolicy ?? "Fail", w.MatchPolicy ?? "Equivalent", w.NamespaceSelector, w.ObjectSelector, w.SideEffects,
            w.TimeoutSeconds ?? 10, [.. w.AdmissionReviewVersions ?? []], w.ReinvocationPolicy ?? "Never", w.MatchConditions?.Count ?? 0));

    public static IEnumerable<AdmissionWebhook> Of(V1ValidatingWebhookConfiguration config) =>
        (config.Webhooks ?? []).Select(w => new AdmissionWebhook(config.Metadata?.Name ?? "", w.Name ?? "", false, w.ClientConfig ?? new Admissionregistrationv1WebhookClientConfig(),
            [.. w.Rules ?? []], w.FailurePolicy ?? "Fail", w.MatchPolicy ?? "Equivalent", w.NamespaceSelector, w.ObjectSelector, w.SideEffects,
            w.TimeoutSeconds ?? 10, [.. w.AdmissionReviewVersions ?? []], "Never", w.MatchConditions?.Count ?? 0));
}
