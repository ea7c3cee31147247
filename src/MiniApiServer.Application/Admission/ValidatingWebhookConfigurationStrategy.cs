using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

public sealed class ValidatingWebhookConfigurationStrategy(ResourceType type) : WebhookConfigurationStrategy<V1ValidatingWebhookConfiguration>(type)
{
    protected override object? Webhooks(V1ValidatingWebhookConfiguration obj) => obj.Webhooks;

    protected override void Default(V1ValidatingWebhookConfiguration obj)
    {
        foreach (var hook in obj.Webhooks ?? [])
        {
            hook.FailurePolicy ??= "Fail";
            hook.MatchPolicy ??= "Equivalent";
            hook.NamespaceSelector ??= new V1LabelSelector();
            hook.ObjectSelector ??= new V1LabelSelector();
            hook.TimeoutSeconds ??= 10;
            WebhookDefaults.Rules(hook.Rules);
            WebhookDefaults.ClientConfig(hook.ClientConfig);
        }
    }

    protected override List<WebhookValidation.Webhook> Shapes(V1ValidatingWebhookConfiguration obj) =>
        [.. (obj.Webhooks ?? []).Select(w => new WebhookValidation.Webhook(w.Name, w.Rules, w.FailurePolicy, w.MatchPolicy, w.SideEffects, w.TimeoutSeconds,
            w.NamespaceSelector, w.ObjectSelector, null, w.ClientConfig, w.MatchConditions, w.AdmissionReviewVersions))];
}
