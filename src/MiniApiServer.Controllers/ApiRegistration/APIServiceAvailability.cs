using k8s.Models;

namespace MiniApiServer.Controllers.ApiRegistration;

/// <summary>
/// kube-aggregator's availability checks (pkg/controllers/status/local and remote): a local APIService is always
/// available; one behind a Service needs the Service, a ClusterIP Service the port and ready endpoints on it, and
/// then an answer from the server's discovery path, which no simulated pod gives.
/// </summary>
public static class APIServiceAvailability
{
    /// <summary>NewLocalAvailableAPIServiceCondition's status, reason and message.</summary>
    public static readonly (string Status, string Reason, string Message) Local = ("True", "Local", "Local APIServices are always available");

    /// <summary>The Available condition's status, reason and message (no time: <see cref="Application.ApiRegistration.APIServiceConditions.Set"/> stamps it).</summary>
    public static (string Status, string Reason, string Message) Evaluate(V1APIService apiService, V1Service? service, V1Endpoints? endpoints)
    {
        if (apiService.Spec?.Service is not { } reference)
        {
            return Local;
        }
        var (name, ns, port) = (reference.Name, reference.NamespaceProperty, reference.Port ?? 443);
        if (service is null)
        {
            return ("False", "ServiceNotFound", $"service/{name} in \"{ns}\" is not present");
        }
        if ((service.Spec?.Type ?? "ClusterIP") == "ClusterIP")
        {
            if (service.Spec?.Ports?.FirstOrDefault(p => p.Port == port) is not { } servicePort)
            {
                return ("False", "ServicePortError", $"service/{name} in \"{ns}\" is not listening on port {port}");
            }
            var portName = servicePort.Name ?? "";
            if (endpoints is null)
            {
                return ("False", "EndpointsNotFound", $"cannot find endpoints for service/{name} in \"{ns}\"");
            }
            var active = endpoints.Subsets?.Any(s => s.Addresses is { Count: > 0 } && s.Ports?.Any(p => (p.Name ?? "") == portName) == true) == true;
            if (!active)
            {
                return ("False", "MissingEndpoints", $"endpoints for service/{name} in \"{ns}\" have no addresses with port name \"{portName}\"");
            }
        }
        // The discovery check: kube-apiserver's service resolver names the cluster IP (an ExternalName's host), and
        // the aggregated server must answer its group version's discovery there. Simulated pods run no process.
        var host = service.Spec?.Type == "ExternalName" ? service.Spec.ExternalName : service.Spec?.ClusterIP;
        var path = apiService.Metadata?.Name == "v1." ? "/api/" + apiService.Spec.Version : $"/apis/{apiService.Spec.Group}/{apiService.Spec.Version}";
        return ("False", "FailedDiscoveryCheck", $"failing or missing response from https://{host}:{port}{path}: simulated pods serve no network endpoints");
    }
}
