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
    IReadOnlyList<Cel.CelMatchCondition> MatchConditions)
{
    public bool IgnoresFailures => FailurePolicy == "Ignore";

    private static IReadOnlyList<Cel.CelMatchCondition> Compile(IList<V1MatchCondition>? conditions) =>
        [.. (conditions ?? []).Select(c => Cel.CelMatchCondition.Compile(c.Name ?? "", c.Expression ?? ""))];

    public static IEnumerable<AdmissionWebhook> Of(V1MutatingWebhookConfiguration config) =>
        (config.Webhooks ?? []).Select(w => new AdmissionWebhook(config.Metadata?.Name ?? "", w.Name ?? "", true, w.ClientConfig ?? new Admissionregistrationv1WebhookClientConfig(),
            [.. w.Rules ?? []], w.FailurePolicy ?? "Fail", w.MatchPolicy ?? "Equivalent", w.NamespaceSelector, w.ObjectSelector, w.SideEffects,
            w.TimeoutSeconds ?? 10, [.. w.AdmissionReviewVersions ?? []], w.ReinvocationPolicy ?? "Never", Compile(w.MatchConditions)));

    public static IEnumerable<AdmissionWebhook> Of(V1ValidatingWebhookConfiguration config) =>
        (config.Webhooks ?? []).Select(w => new AdmissionWebhook(config.Metadata?.Name ?? "", w.Name ?? "", false, w.ClientConfig ?? new Admissionregistrationv1WebhookClientConfig(),
            [.. w.Rules ?? []], w.FailurePolicy ?? "Fail", w.MatchPolicy ?? "Equivalent", w.NamespaceSelector, w.ObjectSelector, w.SideEffects,
            w.TimeoutSeconds ?? 10, [.. w.AdmissionReviewVersions ?? []], "Never", Compile(w.MatchConditions)));
}
