namespace MiniApiServer.IntegrationTests.Webhooks;

/// <summary>Paths and bodies the webhook tests share.</summary>
internal static class WebhookKit
{
    public const string Mutating = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    public const string Validating = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
    public const string Pods = "/api/v1/namespaces/default/pods";

    public const string PodRules = """[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]""";

    /// <summary>A configuration of one webhook calling <paramref name="url"/>, trusting <paramref name="caBundle"/>.</summary>
    public static string Config(string kind, string name, string hook, string url, string caBundle, string rules = PodRules, string extra = "") => $$"""
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"{{kind}}","metadata":{"name":"{{name}}"},
         "webhooks":[{"name":"{{hook}}","clientConfig":{"url":"{{url}}","caBundle":"{{caBundle}}"},"rules":{{rules}},
           "sideEffects":"None","admissionReviewVersions":["v1"]{{extra}}}]}
        """;

    public static string Pod(string name, string labels = "{}") =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{{{labels}}}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""";
}
