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
    (IReadOnlyList<Cel.CelMatchCondition> Compiled, string? Error) MatchConditions)
{
    public bool IgnoresFailures => FailurePolicy == "Ignore";

    /// <summary>
    /// The conditions compiled, or, for an expression outside this server's subset of CEL, none and the reason: such a
    /// webhook is called as if it had none (its webhook server decides), and the reason is logged when it is built.
    /// </summary>
    private static (IReadOnlyList<Cel.CelMatchCondition> Compiled, string? Error) Compile(IList<V1MatchCondition>? conditions)
    {
        try
        {
            return ([.. (conditions ?? []).Select(c => Cel.CelMatchCondition.Compile(c.Name ?? "", c.Expression ?? ""))], null);
        }
        catch (Cel.CelException ex)
        {
            return ([], ex.Message);
        }
    }

    public static IEnumerable<AdmissionWebhook> Of(V1MutatingWebhookConfiguration config) =>
        (config.Webhooks ?? []).Select(w => new AdmissionWebhook(config.Metadata?.Name ?? "", w.Name ?? "", true, w.ClientConfig ?? new Admissionregistrationv1WebhookClientConfig(),
            [.. w.Rules ?? []], w.FailurePolicy ?? "Fail", w.MatchPolicy ?? "Equivalent", w.NamespaceSelector, w.ObjectSelector, w.SideEffects,
            w.TimeoutSeconds ?? 10, [.. w.AdmissionReviewVersions ?? []], w.ReinvocationPolicy ?? "Never", Compile(w.MatchConditions)));

    public static IEnumerable<AdmissionWebhook> Of(V1ValidatingWebhookConfiguration config) =>
        (config.Webhooks ?? []).Select(w => new AdmissionWebhook(config.Metadata?.Name ?? "", w.Name ?? "", false, w.ClientConfig ?? new Admissionregistrationv1WebhookClientConfig(),
            [.. w.Rules ?? []], w.FailurePolicy ?? "Fail", w.MatchPolicy ?? "Equivalent", w.NamespaceSelector, w.ObjectSelector, w.SideEffects,
            w.TimeoutSeconds ?? 10, [.. w.AdmissionReviewVersions ?? []], "Never", Compile(w.MatchConditions)));
}
