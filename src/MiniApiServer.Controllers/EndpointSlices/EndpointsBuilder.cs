using k8s.Models;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.Controllers.EndpointSlices;

/// <summary>
/// The v1 Endpoints of a Service (pkg/controller/endpoint/endpoints_controller.go syncService, pure): ready pods'
/// addresses under addresses, the others under notReadyAddresses, one subset per set of resolved ports. Unlike the
/// slices, terminating pods are left out unless the Service publishes not-ready addresses.
/// </summary>
public static class EndpointsBuilder
{
    public static V1Endpoints Desired(V1Service svc, IEnumerable<V1Pod> pods)
    {
        var subsets = new Dictionary<string, V1EndpointSubset>(StringComparer.Ordinal);
        var publishNotReady = svc.Spec.PublishNotReadyAddresses == true;
        foreach (var pod in pods.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            if (PodConditions.IsTerminal(pod) || string.IsNullOrEmpty(pod.Status?.PodIP) || (pod.Metadata.DeletionTimestamp is not null && !publishNotReady))
            {
                continue;
            }
            var ports = EndpointSliceBuilder.Ports(svc, pod)
                .Select(p => new Corev1EndpointPort { Name = string.IsNullOrEmpty(p.Name) ? null : p.Name, Port = p.Port ?? 0, Protocol = p.Protocol, AppProtocol = p.AppProtocol })
                .ToList();
            var key = string.Join(";", ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}"));
            if (!subsets.TryGetValue(key, out var subset))
            {
                subsets[key] = subset = new V1EndpointSubset { Ports = ports.Count == 0 ? null : ports };
            }
            var address = new V1EndpointAddress
            {
                Ip = pod.Status.PodIP,
                NodeName = pod.Spec.NodeName,
                TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            };
            if (publishNotReady || PodConditions.IsTrue(pod, "Ready"))
            {
                (subset.Addresses ??= []).Add(address);
            }
            else
            {
                (subset.NotReadyAddresses ??= []).Add(address);
            }
        }
        foreach (var subset in subsets.Values)
        {
            subset.Addresses = Sorted(subset.Addresses);
            subset.NotReadyAddresses = Sorted(subset.NotReadyAddresses);
        }
        var labels = new Dictionary<string, string>(svc.Metadata.Labels ?? new Dictionary<string, string>());
        if (svc.Spec.ClusterIP == "None")
        {
            labels[EndpointSliceBuilder.HeadlessLabel] = "";
        }
        return new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = new V1ObjectMeta { Name = svc.Metadata.Name, NamespaceProperty = svc.Metadata.NamespaceProperty, Labels = labels.Count == 0 ? null : labels },
            Subsets = subsets.Count == 0 ? null : [.. subsets.Values],
        };
    }

    /// <summary>RepackSubsets' order (pkg/api/v1/endpoints/util.go LessEndpointAddress): by IP as bytes, then by the pod's UID.</summary>
    private static IList<V1EndpointAddress>? Sorted(IList<V1EndpointAddress>? addresses) =>
        addresses is not { Count: > 1 } ? addresses : [.. addresses.OrderBy(a => a.Ip, StringComparer.Ordinal).ThenBy(a => a.TargetRef?.Uid, StringComparer.Ordinal)];
}
