using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

public sealed class MutatingWebhookConfigurationStrategy(ResourceType type) : WebhookConfigurationStrategy<V1MutatingWebhookConfiguration>(type)
{
    protected override object? Webhooks(V1MutatingWebhookConfiguration obj) => obj.Webhooks;

    protected override void Default(V1MutatingWebhookConfiguration obj)
    {
        foreach (var hook in obj.Webhooks ?? [])
        {
            hook.FailurePolicy ??= "Fail";
            hook.MatchPolicy ??= "Equivalent";
            hook.NamespaceSelector ??= new V1LabelSelector();
            hook.ObjectSelector ??= new V1LabelSelector();
            hook.TimeoutSeconds ??= 10;
            hook.ReinvocationPolicy ??= "Never";
            WebhookDefaults.Rules(hook.Rules);
            WebhookDefaults.ClientConfig(hook.ClientConfig);
        }
    }

    protected override List<WebhookValidation.Webhook> Shapes(V1MutatingWebhookConfiguration obj) =>
        [.. (obj.Webhooks ?? []).Select(w => new WebhookValidation.Webhook(w.Name, w.Rules, w.FailurePolicy, w.MatchPolicy, w.SideEffects, w.TimeoutSeconds,
            w.NamespaceSelector, w.ObjectSelector, w.ReinvocationPolicy, w.ClientConfig, w.MatchConditions, w.AdmissionReviewVersions))];
}
