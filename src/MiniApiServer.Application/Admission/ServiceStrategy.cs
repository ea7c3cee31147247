using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/service/strategy.go, SetDefaults_Service (pkg/apis/core/v1/defaults.go) and ValidateService
/// (pkg/apis/core/validation/validation.go), for a single-stack IPv4 cluster. Allocating cluster IPs and node
/// ports reads other Services, so it is not here but in the write path (<see cref="Services.ServiceAllocator"/>).
/// </summary>
public sealed class ServiceStrategy(ResourceType type) : TypedStrategy<V1Service>(type)
{
    public const string None = "None";
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private const int DefaultClientIpAffinitySeconds = 10800;
    private const int MaxClientIpAffinitySeconds = 86400;

    protected override void PrepareForCreate(V1Service svc, DateTimeOffset now)
    {
        Default(svc);
        svc.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus() };
    }

    protected override void PrepareForUpdate(V1Service svc, V1Service old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        DropTypeDependentFields(svc, old);
        Default(svc);
        PatchAllocatedValues(svc, old);
    }

    /// <summary>
    /// dropTypeDependentFields: a type change that no longer needs node ports (or a cluster IP, for ExternalName)
    /// drops the values the old type was given, when the update left them as they were.
    /// </summary>
    private static void DropTypeDependentFields(V1Service svc, V1Service old)
    {
        var spec = svc.Spec;
        if (spec is null || old.Spec is null)
        {
            return;
        }
        // Checked on every update, the type unchanged too: a cluster IP that drops its external IPs is no longer
        // reachable from outside, and the policy its defaulting gave it goes (needsExternalTrafficPolicy).
        if (ExternallyAccessible(old.Spec) && !ExternallyAccessible(spec) && spec.ExternalTrafficPolicy == old.Spec.ExternalTrafficPolicy)
        {
            spec.ExternalTrafficPolicy = null;
        }
        // Also on every update: a change of externalTrafficPolicy alone stops a LoadBalancer needing its health check port.
        if (NeedsHealthCheckNodePort(old.Spec) && !NeedsHealthCheckNodePort(spec) && spec.HealthCheckNodePort == old.Spec.HealthCheckNodePort)
        {
            spec.HealthCheckNodePort = null;
        }
        if (spec.Type == old.Spec.Type)
        {
            return;
        }
        if (old.Spec.Type is "NodePort" or "LoadBalancer" && spec.Type is not ("NodePort" or "LoadBalancer"))
        {
            foreach (var port in spec.Ports ?? [])
            {
                if (port.NodePort is > 0 && (old.Spec.Ports ?? []).Any(o => o.NodePort == port.NodePort))
                {
                    port.NodePort = null;
                }
            }
        }
        // A type that needs no load balancer drops the node port allocation flag the old type had, when the update
        // left it as it was.
        if (old.Spec.Type == "LoadBalancer" && spec.Type != "LoadBalancer"
            && spec.AllocateLoadBalancerNodePorts is { } allocate && allocate == old.Spec.AllocateLoadBalancerNodePorts)
        {
            spec.AllocateLoadBalancerNodePorts = null;
        }
        if (spec.Type == "ExternalName" && spec.ClusterIP == old.Spec.ClusterIP)
        {
            spec.ClusterIP = null;
            spec.ClusterIPs = null;
            spec.IpFamilies = null;
            spec.IpFamilyPolicy = null;
            spec.InternalTrafficPolicy = null;
        }
    }

    protected override void Validate(V1Service svc, FieldErrors errors)
    {
        var spec = svc.Spec;
        if (spec is null)
        {
            errors.Required("spec");
            return;
        }
        if (!Types.Contains(spec.Type))
        {
            errors.NotSupported("spec.type", spec.Type, Types);
            return;
        }
        var ports = spec.Ports ?? [];
        if (spec.Type == "ExternalName")
        {
            if (!string.IsNullOrEmpty(spec.ClusterIP) || spec.ClusterIPs is { Count: > 0 })
            {
                errors.Forbidden("spec.clusterIPs", "may not be set for ExternalName services");
            }
            if (string.IsNullOrEmpty(spec.ExternalName))
            {
                errors.Required("spec.externalName");
            }
            // A fully qualified name's trailing dot is allowed (ValidateService trims it before the check).
            else if (ObjectMetaValidation.SubdomainError(spec.ExternalName.TrimEnd('.')) is { } e)
            {
                errors.Invalid("spec.externalName", spec.ExternalName, e);
            }
        }
        else
        {
            if (ports.Count == 0 && spec.ClusterIP != None)
            {
                errors.Required("spec.ports");
            }
            ValidateClusterIps(spec, errors);
        }
        for (var i = 0; i < ports.Count; i++)
        {
            ValidatePort(spec, ports[i], i, ports.Count > 1, errors);
        }
        var names = new HashSet<string>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (!string.IsNullOrEmpty(ports[i].Name) && !names.Add(ports[i].Name))
            {
                errors.Duplicate($"spec.ports[{i}].name", ports[i].Name);
            }
        }
        // ValidateService's order: selector, session affinity, external IPs, then the duplicate ports.
        foreach (var (key, value) in spec.Selector ?? new Dictionary<string, string>())
        {
            ObjectMetaValidation.ValidateLabel(key, value ?? "", errors, "spec.selector");
        }
        if (spec.SessionAffinity is not ("None" or "ClientIP"))
        {
            errors.NotSupported("spec.sessionAffinity", spec.SessionAffinity, "ClientIP", "None");
        }
        ValidateSessionAffinityConfig(spec, errors);
        var externalIps = spec.ExternalIPs ?? [];
        for (var i = 0; i < externalIps.Count; i++)
        {
            if (NetValidation.SloppyIp(externalIps[i]) is not { } ip)
            {
                errors.Invalid($"spec.externalIPs[{i}]", externalIps[i], "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
            else
            {
                ValidateNonSpecialIp(ip, externalIps[i], $"spec.externalIPs[{i}]", errors);
            }
        }
        // Ports are unique by (protocol, port); the duplicate is printed as the internal struct with only those two set.
        var keys = new HashSet<(string?, int)>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (!keys.Add((ports[i].Protocol, ports[i].Port)))
            {
                errors.Duplicate($"spec.ports[{i}]", new GoSyntax(
                    $"core.ServicePort{{Name:\"\", Protocol:{GoSyntax.Quote(ports[i].Protocol ?? "")}, AppProtocol:(*string)(nil), Port:{ports[i].Port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}"));
            }
        }
        if (spec.LoadBalancerSourceRanges is { Count: > 0 } && spec.Type != "LoadBalancer")
        {
            errors.Forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'");
        }
        if (spec.AllocateLoadBalancerNodePorts is not null && spec.Type != "LoadBalancer")
        {
            errors.Forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'");
        }
        ValidateExternalTrafficPolicy(spec, errors);
        if (spec.InternalTrafficPolicy is { } internalPolicy && internalPolicy is not ("Cluster" or "Local"))
        {
            errors.NotSupported("spec.internalTrafficPolicy", internalPolicy, "Cluster", "Local");
        }
    }

    /// <summary>validateClientIPAffinityConfig and validateAffinityTimeout (a v1 client's None never gets here with a config: defaulting drops it).</summary>
    private static void ValidateSessionAffinityConfig(V1ServiceSpec spec, FieldErrors errors)
    {
        const string Path = "spec.sessionAffinityConfig";
        if (spec.SessionAffinity == "None" && spec.SessionAffinityConfig is not null)
        {
            errors.Forbidden(Path, "must not be set when session affinity is None");
        }
        if (spec.SessionAffinity != "ClientIP")
        {
            return;
        }
        if (spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is not { } timeout)
        {
            var missing = spec.SessionAffinityConfig is null ? Path : spec.SessionAffinityConfig.ClientIP is null ? Path + ".clientIP" : Path + ".clientIP.timeoutSeconds";
            errors.Required(missing, "when session affinity type is ClientIP");
        }
        else if (timeout is <= 0 or > MaxClientIpAffinitySeconds)
        {
            errors.Invalid(Path + ".clientIP.timeoutSeconds", timeout, $"must be greater than 0 and less than {MaxClientIpAffinitySeconds}");
        }
    }

    /// <summary>validateServiceExternalTrafficPolicy; the health check node port itself is allocated with the node ports (ServiceAllocator).</summary>
    private static void ValidateExternalTrafficPolicy(V1ServiceSpec spec, FieldErrors errors)
    {
        if (!ExternallyAccessible(spec))
        {
            if (!string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
            {
                errors.Invalid("spec.externalTrafficPolicy", spec.ExternalTrafficPolicy, "may only be set for externally-accessible services");
            }
        }
        else if (string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
        {
            errors.Required("spec.externalTrafficPolicy");
        }
        else if (spec.ExternalTrafficPolicy is not ("Cluster" or "Local"))
        {
            errors.NotSupported("spec.externalTrafficPolicy", spec.ExternalTrafficPolicy, "Cluster", "Local");
        }
        if (!NeedsHealthCheckNodePort(spec) && spec.HealthCheckNodePort is { } port && port != 0)
        {
            errors.Invalid("spec.healthCheckNodePort", port, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
        }
    }

    /// <summary>ValidateNonSpecialIP: an address traffic can be sent to from outside the node.</summary>
    private static void ValidateNonSpecialIp(IPAddress ip, string text, string path, FieldErrors errors)
    {
        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
        {
            errors.Invalid(path, text, $"may not be unspecified ({text})");
        }
        if (IPAddress.IsLoopback(ip))
        {
            errors.Invalid(path, text, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
        }
        var bytes = ip.GetAddressBytes();
        if (ip.IsIPv6LinkLocal || (bytes.Length == 4 && bytes[0] == 169 && bytes[1] == 254))
        {
            errors.Invalid(path, text, "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
        }
        if ((bytes.Length == 4 && bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0) || (bytes.Length == 16 && bytes[0] == 0xff && (bytes[1] & 0x0f) == 0x02))
        {
            errors.Invalid(path, text, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
        }
    }

    /// <summary>ExternallyAccessible (pkg/api/v1/service/util.go): node ports, a load balancer, or a cluster IP with external IPs.</summary>
    private static bool ExternallyAccessible(V1ServiceSpec spec) =>
        ExternallyAccessibleType(spec.Type) || (spec.Type == "ClusterIP" && spec.ExternalIPs is { Count: > 0 });

    private static bool ExternallyAccessibleType(string? type) => type is "NodePort" or "LoadBalancer";

    /// <summary>
    /// A status write checks no spec rule (upstream's ValidateServiceStatusUpdate checks metadata and status): an object stored
    /// before a spec rule existed must still take its controller's status writes, or it could never finish.
    /// </summary>
    protected override void ValidateStatusUpdate(V1Service svc, V1Service old, FieldErrors errors)
    {
    }

    protected override void ValidateUpdate(V1Service svc, V1Service old, FieldErrors errors)
    {
        Validate(svc, errors);
        var toOrFromExternalName = svc.Spec?.Type == "ExternalName" || old.Spec?.Type == "ExternalName";
        var oldIp = old.Spec?.ClusterIP ?? "";
        var newIp = svc.Spec?.ClusterIP ?? "";
        if (!toOrFromExternalName && oldIp.Length > 0 && newIp != oldIp)
        {
            errors.Invalid("spec.clusterIPs[0]", newIp, "may not change once set");
        }
        // validateServiceExternalTrafficFieldsUpdate: the port a load balancer probes stays while the Service needs one.
        if (svc.Spec is { } spec && old.Spec is { } oldSpec && NeedsHealthCheckNodePort(spec) && NeedsHealthCheckNodePort(oldSpec)
            && spec.HealthCheckNodePort != oldSpec.HealthCheckNodePort)
        {
            errors.Forbidden("spec.healthCheckNodePort", "field is immutable");
        }
    }

    private static void ValidateClusterIps(V1ServiceSpec spec, FieldErrors errors)
    {
        var ips = spec.ClusterIPs ?? [];
        if (!string.IsNullOrEmpty(spec.ClusterIP) && (ips.Count == 0 || ips[0] != spec.ClusterIP))
        {
            errors.Invalid("spec.clusterIPs", string.Join(",", ips), "must be empty or the first value must match spec.clusterIP");
        }
        for (var i = 0; i < ips.Count; i++)
        {
            if (ips[i] == None)
            {
                if (i > 0 || ips.Count > 1)
                {
                    errors.Invalid($"spec.clusterIPs[{i}]", ips[i], "'None' must be the first and only value");
                }
                continue;
            }
            if (!IPAddress.TryParse(ips[i], out var ip) || ip.ToString() != ips[i])
            {
                errors.Invalid($"spec.clusterIPs[{i}]", ips[i], "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
            }
            else if (ip.AddressFamily != AddressFamily.InterNetwork)
            {
                errors.Invalid($"spec.clusterIPs[{i}]", ips[i], "expected an IPv4 value as indicated by `ipFamilies[0]`");
            }
        }
        if (spec.ClusterIP == None && spec.Type is "NodePort" or "LoadBalancer")
        {
            errors.Invalid("spec.clusterIPs[0]", None, $"may not be set to 'None' for {spec.Type} services");
        }
    }

    private static void ValidatePort(V1ServiceSpec spec, V1ServicePort port, int i, bool nameRequired, FieldErrors errors)
    {
        var path = $"spec.ports[{i}]";
        if (string.IsNullOrEmpty(port.Name))
        {
            if (nameRequired)
            {
                errors.Required($"{path}.name");
            }
        }
        else if (ObjectMetaValidation.LabelNameError(port.Name) is { } nameError)
        {
            errors.Invalid($"{path}.name", port.Name, nameError);
        }
        if (port.Port is < 1 or > 65535)
        {
            errors.Invalid($"{path}.port", port.Port, "must be between 1 and 65535, inclusive");
        }
        if (port.Protocol is not ("TCP" or "UDP" or "SCTP"))
        {
            errors.NotSupported($"{path}.protocol", port.Protocol, "SCTP", "TCP", "UDP");
        }
        if (port.NodePort is { } nodePort && nodePort != 0 && spec.Type is "ClusterIP" or "ExternalName")
        {
            errors.Forbidden($"{path}.nodePort", $"may not be used when `type` is '{spec.Type}'");
        }
        NetValidation.ValidatePortNumOrName(port.TargetPort, $"{path}.targetPort", errors);
    }

    /// <summary>SetDefaults_Service, plus the clusterIPs/ipFamilies normalisation the registry does before allocating.</summary>
    private static void Default(V1Service svc)
    {
        var spec = svc.Spec ??= new V1ServiceSpec();
        spec.Type ??= "ClusterIP";
        spec.SessionAffinity ??= "None";
        if (spec.SessionAffinity == "None")
        {
            spec.SessionAffinityConfig = null;
        }
        else if (spec.SessionAffinity == "ClientIP" && spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is null)
        {
            spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = DefaultClientIpAffinitySeconds } };
        }
        foreach (var port in spec.Ports ?? [])
        {
            port.Protocol ??= "TCP";
            // FromInt32(0) or FromString(""): a quoted "0" is a port name, left for validation to refuse.
            if (port.TargetPort?.Value is null or "" || (port.TargetPort.Value == "0" && !IntOrStringType.IsString(port.TargetPort)))
            {
                port.TargetPort = port.Port;
            }
        }
        if (ExternallyAccessible(spec) && string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
        {
            spec.ExternalTrafficPolicy = "Cluster";
        }
        if (spec.Type == "LoadBalancer")
        {
            spec.AllocateLoadBalancerNodePorts ??= true;
        }
        if (spec.Type == "ExternalName")
        {
            return;
        }
        spec.InternalTrafficPolicy ??= "Cluster";
        if (!string.IsNullOrEmpty(spec.ClusterIP) && (spec.ClusterIPs is null || spec.ClusterIPs.Count == 0))
        {
            spec.ClusterIPs = [spec.ClusterIP];
        }
        else if (string.IsNullOrEmpty(spec.ClusterIP) && spec.ClusterIPs is { Count: > 0 } ips)
        {
            spec.ClusterIP = ips[0];
        }
        spec.IpFamilies ??= ["IPv4"];
        // A headless Service without a selector takes every family the cluster has (rest.go initIPFamilyFields).
        spec.IpFamilyPolicy ??= spec.ClusterIP == None && (spec.Selector?.Count ?? 0) == 0 ? "RequireDualStack" : "SingleStack";
    }

    /// <summary>
    /// patchAllocatedValues (pkg/registry/core/service/storage/storage.go): a resubmitted manifest keeps what was allocated
    /// for it. NodePorts are matched by port name, as the user may have changed the port itself, and one still in use by
    /// another port of both versions is not handed out twice.
    /// </summary>
    private static void PatchAllocatedValues(V1Service svc, V1Service old)
    {
        var spec = svc.Spec;
        var oldSpec = old.Spec;
        if (oldSpec is null || spec.Type == "ExternalName" || oldSpec.Type == "ExternalName")
        {
            return;
        }
        if (string.IsNullOrEmpty(spec.ClusterIP))
        {
            spec.ClusterIP = oldSpec.ClusterIP;
        }
        if ((spec.ClusterIPs?.Count ?? 0) == 0 && (oldSpec.ClusterIPs?.Count ?? 0) > 0)
        {
            spec.ClusterIPs = oldSpec.ClusterIPs;
        }
        if (spec.Type is ("NodePort" or "LoadBalancer") && oldSpec.Type is ("NodePort" or "LoadBalancer"))
        {
            var oldPorts = oldSpec.Ports ?? [];
            var ports = spec.Ports ?? [];
            var used = NodePortsOf(oldPorts);
            used.IntersectWith(NodePortsOf(ports));
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var port in oldPorts)
            {
                byName[port.Name ?? ""] = port.NodePort ?? 0;
            }
            foreach (var port in ports)
            {
                if (port.NodePort is null or 0 && byName.TryGetValue(port.Name ?? "", out var was) && was != 0 && !used.Contains(was))
                {
                    port.NodePort = was;
                }
            }
        }
        if (NeedsHealthCheckNodePort(spec) && NeedsHealthCheckNodePort(oldSpec) && spec.HealthCheckNodePort is null or 0)
        {
            spec.HealthCheckNodePort = oldSpec.HealthCheckNodePort;
        }
    }

    /// <summary>needsHCNodePort (pkg/registry/core/service/strategy.go).</summary>
    private static bool NeedsHealthCheckNodePort(V1ServiceSpec spec) => spec.Type == "LoadBalancer" && spec.ExternalTrafficPolicy == "Local";

    private static HashSet<int> NodePortsOf(IEnumerable<V1ServicePort> ports) =>
        ports.Where(p => p.NodePort is > 0).Select(p => p.NodePort!.Value).ToHashSet();
}
