using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>One host port a pod claims (framework.HostPortInfo key): IP, protocol and port.</summary>
public readonly record struct HostPort(string Ip, string Protocol, int Port)
{
    public const string AnyIp = "0.0.0.0";

    public static IEnumerable<HostPort> Of(V1Pod pod) =>
        (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .Where(p => p.HostPort is > 0)
            .Select(p => new HostPort(string.IsNullOrEmpty(p.HostIP) ? AnyIp : p.HostIP, string.IsNullOrEmpty(p.Protocol) ? "TCP" : p.Protocol, p.HostPort!.Value));

    /// <summary>0.0.0.0 overlaps every address (framework.HostPortInfo.CheckConflict).</summary>
    public bool ConflictsWith(HostPort other) =>
        Port == other.Port && Protocol == other.Protocol && (Ip == other.Ip || Ip == AnyIp || other.Ip == AnyIp);
}
