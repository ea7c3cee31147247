using System.Globalization;
using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>policy/check_hostPorts.go: host ports must be forbidden (hostPort unset or 0).</summary>
public static class HostPortsCheck
{
    public static PodSecurityCheck Check { get; } = new("hostPorts", PodSecurityLevel.Baseline,
    [
        new(0, HostPorts1Dot0),
    ]);

    private static CheckResult HostPorts1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badContainers = null;
        // Upstream keeps the ports as strings (strconv.Itoa in a sets.String), so they sort as text: "10" before "8".
        SortedSet<string>? forbiddenHostPorts = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            var valid = true;
            var ports = container.Ports;
            for (var i = 0; i < (ports?.Count ?? 0); i++)
            {
                if (ports![i].HostPort is { } hostPort and not 0)
                {
                    valid = false;
                    CheckHelpers.Add(ref forbiddenHostPorts, hostPort.ToString(CultureInfo.InvariantCulture));
                }
            }
            if (!valid)
            {
                CheckHelpers.Add(ref badContainers, container.Name);
            }
        }
        if (badContainers is null)
        {
            return CheckResult.Allow;
        }
        var count = badContainers.Count;
        return CheckResult.Forbid("hostPort",
            $"{CheckHelpers.NamedContainers(badContainers)} {CheckHelpers.Pluralize("uses", "use", count)} "
            + $"{CheckHelpers.Pluralize("hostPort", "hostPorts", forbiddenHostPorts!.Count)} {string.Join(", ", forbiddenHostPorts)}");
    }
}
