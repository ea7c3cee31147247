namespace MiniApiServer.IntegrationTests.Networking;

/// <summary>networking.k8s.io/v1 objects as the tests write them over HTTP.</summary>
internal static class NetworkingKit
{
    public const string Ingresses = "/apis/networking.k8s.io/v1/namespaces/default/ingresses";
    public const string IngressClasses = "/apis/networking.k8s.io/v1/ingressclasses";
    public const string NetworkPolicies = "/apis/networking.k8s.io/v1/namespaces/default/networkpolicies";

    /// <summary>A backend to the Service web on port 80.</summary>
    public const string WebBackend = """{"service":{"name":"web","port":{"number":80}}}""";

    public static string Ingress(string name, string spec, string annotations = "{}") =>
        $$"""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"{{name}}","annotations":{{annotations}}},"spec":{{spec}}}""";

    /// <summary>One rule for <paramref name="host"/> with one path.</summary>
    public static string RuleSpec(string host, string path, string pathType, string backend = WebBackend)
    {
        var type = pathType.Length == 0 ? "" : $",\"pathType\":\"{pathType}\"";
        return $$$"""{"rules":[{"host":"{{{host}}}","http":{"paths":[{"path":"{{{path}}}"{{{type}}},"backend":{{{backend}}}}]}}]}""";
    }

    public static string IngressClass(string name, string spec, bool isDefault = false)
    {
        var annotations = isDefault ? """{"ingressclass.kubernetes.io/is-default-class":"true"}""" : "{}";
        return $$"""{"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"{{name}}","annotations":{{annotations}}},"spec":{{spec}}}""";
    }

    public static string NetworkPolicy(string name, string spec) =>
        $$"""{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";
}
