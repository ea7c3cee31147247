using System.Collections.Frozen;
using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_seLinuxOptions.go: the SELinux type is limited to the container types (container_engine_t too from
/// 1.31), and a custom SELinux user or role is forbidden, on the pod and on every container.
/// </summary>
public static class SeLinuxOptionsCheck
{
    private static readonly FrozenSet<string> AllowedTypes1Dot0 = FrozenSet.Create(StringComparer.Ordinal,
        "", "container_t", "container_init_t", "container_kvm_t");

    private static readonly FrozenSet<string> AllowedTypes1Dot31 = FrozenSet.Create(StringComparer.Ordinal,
        "", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    public static PodSecurityCheck Check { get; } = new("seLinuxOptions", PodSecurityLevel.Baseline,
    [
        new(0, static (_, podSpec) => SeLinuxOptions(podSpec, AllowedTypes1Dot0)),
        new(31, static (_, podSpec) => SeLinuxOptions(podSpec, AllowedTypes1Dot31)),
    ]);

    private static CheckResult SeLinuxOptions(V1PodSpec podSpec, FrozenSet<string> allowedTypes)
    {
        var found = new Violations(allowedTypes);
        List<string>? badSetters = null;
        if (podSpec.SecurityContext?.SeLinuxOptions is { } podOptions && !found.Valid(podOptions))
        {
            CheckHelpers.Add(ref badSetters, "pod");
        }

        List<string>? badContainers = null;
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            if (container.SecurityContext?.SeLinuxOptions is { } options && !found.Valid(options))
            {
                CheckHelpers.Add(ref badContainers, container.Name);
            }
        }
        if (badContainers is not null)
        {
            CheckHelpers.Add(ref badSetters, CheckHelpers.NamedContainers(badContainers));
        }
        if (badSetters is null)
        {
            return CheckResult.Allow;
        }

        List<string> badData = [];
        if (found.BadTypes is { } badTypes)
        {
            badData.Add($"{CheckHelpers.Pluralize("type", "types", badTypes.Count)} {CheckHelpers.JoinQuote(badTypes)}");
        }
        if (found.SetUser)
        {
            badData.Add("user may not be set");
        }
        if (found.SetRole)
        {
            badData.Add("role may not be set");
        }
        return CheckResult.Forbid("seLinuxOptions",
            $"{CheckHelpers.JoinSetters(badSetters)} set forbidden securityContext.seLinuxOptions: {string.Join("; ", badData)}");
    }

    /// <summary>validSELinuxOptions's closure state: the bad types seen, and whether any user or role was set.</summary>
    private struct Violations(FrozenSet<string> allowedTypes)
    {
        public SortedSet<string>? BadTypes;
        public bool SetUser;
        public bool SetRole;

        public bool Valid(V1SELinuxOptions options)
        {
            var valid = true;
            var type = options.Type ?? "";
            if (!allowedTypes.Contains(type))
            {
                valid = false;
                CheckHelpers.Add(ref BadTypes, type);
            }
            if (!string.IsNullOrEmpty(options.User))
            {
                valid = false;
                SetUser = true;
            }
            if (!string.IsNullOrEmpty(options.Role))
            {
                valid = false;
                SetRole = true;
            }
            return valid;
        }
    }
}
