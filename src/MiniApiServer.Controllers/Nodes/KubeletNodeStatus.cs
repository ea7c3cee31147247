using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// The node status a healthy kubelet reports (pkg/kubelet/kubelet_node_status.go, setters in
/// pkg/kubelet/nodestatus/setters.go), filling what a KWOK manifest leaves out as KWOK's node stage does.
/// The kubelet computes status often but writes only on change or after nodeStatusReportFrequency.
/// </summary>
public static class KubeletNodeStatus
{
    public const string KubeletVersion = "v1.32.4";

    /// <summary>nodeStatusReportFrequency (upstream 5m; a minute here so heartbeats stay visible in kubectl).</summary>
    public static readonly TimeSpan ReportFrequency = TimeSpan.FromMinutes(1);

    private static readonly (string Type, string Status, string Reason, string Message)[] Healthy =
    [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ];

    /// <summary>True when <see cref="Apply"/> would change something worth writing.</summary>
    public static bool NeedsUpdate(V1Node node, DateTimeOffset now)
    {
        var status = node.Status;
        if (status?.Capacity is null || status.Allocatable is null || KwokNode.InternalIp(node) is null
            || string.IsNullOrEmpty(status.NodeInfo?.KubeletVersion) || status.DaemonEndpoints?.KubeletEndpoint is null)
        {
            return true;
        }
        foreach (var (type, value, reason, message) in Healthy)
        {
            var c = status.Conditions?.FirstOrDefault(x => x.Type == type);
            if (c is null || c.Status != value || c.Reason != reason || c.Message != message)
            {
                return true;
            }
        }
        var ready = status.Conditions!.First(c => c.Type == "Ready");
        return KubeTime.Of(ready.LastHeartbeatTime) is not { } beat || now - beat >= ReportFrequency;
    }

    /// <summary>Brings <paramref name="node"/>'s status to a healthy kubelet's report; every write is a heartbeat.</summary>
    public static void Apply(V1Node node, string internalIp, DateTimeOffset now)
    {
        var name = node.Metadata.Name;
        var status = node.Status ??= new V1NodeStatus();
        status.Capacity ??= Resources();
        status.Allocatable ??= Resources();
        // KWOK's node-initialize stage keeps the addresses a manifest set and otherwise writes InternalIP (its
        // --node-ip) and Hostname; pods report the node's InternalIP as hostIP, so one is added when the given
        // addresses lack it, as a real kubelet (nodestatus.NodeAddress setter) always reports its node IP.
        if (status.Addresses is not { Count: > 0 })
        {
            status.Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = internalIp },
                new V1NodeAddress { Type = "Hostname", Address = name },
            ];
        }
        else if (KwokNode.InternalIp(node) is null)
        {
            status.Addresses.Insert(0, new V1NodeAddress { Type = "InternalIP", Address = internalIp });
        }
        status.DaemonEndpoints ??= new V1NodeDaemonEndpoints();
        status.DaemonEndpoints.KubeletEndpoint ??= new V1DaemonEndpoint { Port = 10250 };
        if (string.IsNullOrEmpty(status.NodeInfo?.KubeletVersion))
        {
            status.NodeInfo = SystemInfo(name);
        }
        var stamp = KubeTime.Time(now);
        var conditions = status.Conditions ?? [];
        status.Conditions = conditions;
        foreach (var (type, value, reason, message) in Healthy)
        {
            var c = conditions.FirstOrDefault(x => x.Type == type);
            if (c is null)
            {
                c = new V1NodeCondition { Type = type };
                conditions.Add(c);
            }
            if (c.Status != value)
            {
                c.LastTransitionTime = stamp;
            }
            c.Status = value;
            c.Reason = reason;
            c.Message = message;
        }
        foreach (var c in conditions)
        {
            c.LastHeartbeatTime = stamp;
            c.LastTransitionTime ??= stamp;
        }
    }

    private static Dictionary<string, ResourceQuantity> Resources() => new()
    {
        ["cpu"] = new ResourceQuantity("4"),
        ["memory"] = new ResourceQuantity("16Gi"),
        ["pods"] = new ResourceQuantity("110"),
        ["ephemeral-storage"] = new ResourceQuantity("100Gi"),
    };

    private static V1NodeSystemInfo SystemInfo(string name)
    {
        // Stable per node name, so a restarted server reports the same machine.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        return new V1NodeSystemInfo
        {
            MachineID = hash[..32],
            SystemUUID = new Guid(hash[..32]).ToString(),
            BootID = new Guid(hash[32..64]).ToString(),
            KernelVersion = "6.8.0-miniapiserver",
            OsImage = "MiniApiServer simulated node",
            ContainerRuntimeVersion = "fake://1.0",
            KubeletVersion = KubeletVersion,
            KubeProxyVersion = KubeletVersion,
            OperatingSystem = "linux",
            Architecture = "amd64",
        };
    }
}
