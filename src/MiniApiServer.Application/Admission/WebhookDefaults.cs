using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>pkg/apis/admissionregistration/v1/defaults.go, for the fields both webhook types share.</summary>
internal static class WebhookDefaults
{
    public static void Rules(IList<V1RuleWithOperations>? rules)
    {
        foreach (var rule in rules ?? [])
        {
            rule.Scope ??= "*";
        }
    }

    public static void ClientConfig(Admissionregistrationv1WebhookClientConfig? config)
    {
        if (config?.Service is { } service)
        {
            service.Port ??= 443;
        }
    }
}
