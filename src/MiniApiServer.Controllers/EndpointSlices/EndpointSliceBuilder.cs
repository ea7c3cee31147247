using k8s.Models;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.Controllers.EndpointSlices;

/// <summary>
/// The desired slices of one Service (pkg/controller/endpointslice/reconciler.go and the endpointslice util
/// package, pure): an endpoint per pod that has an IP and is not terminal, grouped by the ports its targetPorts
/// resolve to, at most <see cref="MaxEndpointsPerSlice"/> per slice; a Service with no endpoints keeps one empty
/// placeholder slice.
/// </summary>
public static class EndpointSliceBuilder
{
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ControllerName = "endpointslice-controller.k8s.io";
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    /// <summary>--max-endpoints-per-slice (upstream default 100).</summary>
    public const int MaxEndpointsPerSlice = 100;

    public static bool IsManaged(V1EndpointSlice slice) =>
        slice.Metadata.Labels?.TryGetValue(ManagedByLabel, out var by) == true && by == ControllerName;

    public static List<V1EndpointSlice> Desired(V1Service svc, IEnumerable<V1Pod> pods, Func<string, V1Node?> node)
    {
        var groups = new Dictionary<string, (List<Discoveryv1EndpointPort> Ports, List<V1Endpoint> Endpoints)>(StringComparer.Ordinal);
        foreach (var pod in pods.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            if (!ShouldBeInSlice(pod))
            {
                continue;
            }
            var ports = Ports(svc, pod);
            var key = string.Join(";", ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}"));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = (ports, []);
            }
            group.Endpoints.Add(Endpoint(svc, pod, node(pod.Spec.NodeName)));
        }
        var slices = groups.Values
            .SelectMany(g => g.Endpoints.Chunk(MaxEndpointsPerSlice).Select(chunk => Slice(svc, g.Ports, [.. chunk])))
            .ToList();
        if (slices.Count == 0)
        {
            slices.Add(Slice(svc, null, null));
        }
        return slices;
    }

    /// <summary>ShouldPodBeInEndpoints with includeTerminating: pods without an IP and terminal pods are left out.</summary>
    private static bool ShouldBeInSlice(V1Pod pod) =>
        !PodConditions.IsTerminal(pod) && !string.IsNullOrEmpty(pod.Status?.PodIP) && !string.IsNullOrEmpty(pod.Spec?.NodeName);

    private static V1Endpoint Endpoint(V1Service svc, V1Pod pod, V1Node? node)
    {
        var ready = PodConditions.IsTrue(pod, "Ready");
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        string? zone = null;
        node?.Metadata.Labels?.TryGetValue("topology.kubernetes.io/zone", out zone);
        return new V1Endpoint
        {
            Addresses = [pod.Status.PodIP],
            Conditions = new V1EndpointConditions
            {
                // publishNotReadyAddresses publishes every endpoint as ready, as upstream's podToEndpoint does.
                Ready = svc.Spec.PublishNotReadyAddresses == true || (ready && !terminating),
                Serving = ready,
                Terminating = terminating,
            },
            NodeName = pod.Spec.NodeName,
            Zone = zone,
            TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
        };
    }

    /// <summary>findPort: a numeric targetPort is used as it is; a named one is the container port of that name and protocol.</summary>
    public static List<Discoveryv1EndpointPort> Ports(V1Service svc, V1Pod pod)
    {
        var result = new List<Discoveryv1EndpointPort>();
        foreach (var sp in svc.Spec.Ports ?? [])
        {
            var target = sp.TargetPort?.Value ?? "";
            int? number = int.TryParse(target, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
                : (pod.Spec.Containers ?? []).SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target && (p.Protocol ?? "TCP") == sp.Protocol)?.ContainerPort;
            if (number is null)
            {
                // Upstream logs and leaves the port out for this pod.
                continue;
            }
            result.Add(new Discoveryv1EndpointPort { Name = sp.Name ?? "", Port = number, Protocol = sp.Protocol, AppProtocol = sp.AppProtocol });
        }
        return result;
    }

    private static V1EndpointSlice Slice(V1Service svc, List<Discoveryv1EndpointPort>? ports, List<V1Endpoint>? endpoints)
    {
        var labels = new Dictionary<string, string>(svc.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [Runtime.SharedInformers.ServiceNameLabel] = svc.Metadata.Name,
            [ManagedByLabel] = ControllerName,
        };
        if (svc.Spec.ClusterIP == "None")
        {
            labels[HeadlessLabel] = "";
        }
        return new V1EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new V1ObjectMeta
            {
                GenerateName = svc.Metadata.Name + "-",
                NamespaceProperty = svc.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = svc.Metadata.Name, Uid = svc.Metadata.Uid, Controller = true, BlockOwnerDeletion = true },
                ],
            },
            AddressType = "IPv4",
            Ports = ports,
            Endpoints = endpoints,
        };
    }
}
