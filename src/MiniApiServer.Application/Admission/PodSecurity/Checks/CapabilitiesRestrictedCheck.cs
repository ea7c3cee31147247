using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_capabilities_restricted.go: containers must drop ALL capabilities and may add back only
/// NET_BIND_SERVICE; this replaces capabilities_baseline at the restricted level.
/// </summary>
public static class CapabilitiesRestrictedCheck
{
    private const string CapabilityAll = "ALL";
    private const string CapabilityNetBindService = "NET_BIND_SERVICE";

    public static PodSecurityCheck Check { get; } = new("capabilities_restricted", PodSecurityLevel.Restricted,
    [
        new(22, CapabilitiesRestricted1Dot22, [CapabilitiesBaselineCheck.Id]),
        new(25, CheckHelpers.ExemptingWindows(CapabilitiesRestricted1Dot22), [CapabilitiesBaselineCheck.Id]),
    ]);

    private static CheckResult CapabilitiesRestricted1Dot22(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? containersMissingDropAll = null;
        List<string>? containersAddingForbidden = null;
        SortedSet<string>? forbiddenCapabilities = null;

        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            if (container.SecurityContext?.Capabilities is not { } capabilities)
            {
                CheckHelpers.Add(ref containersMissingDropAll, container.Name);
                continue;
            }
            if (!DropsAll(capabilities.Drop))
            {
                CheckHelpers.Add(ref containersMissingDropAll, container.Name);
            }

            var addedForbidden = false;
            var added = capabilities.Add;
            for (var i = 0; i < (added?.Count ?? 0); i++)
            {
                var capability = added![i];
                if (capability != CapabilityNetBindService)
                {
                    addedForbidden = true;
                    CheckHelpers.Add(ref forbiddenCapabilities, capability ?? "");
                }
            }
            if (addedForbidden)
            {
                CheckHelpers.Add(ref containersAddingForbidden, container.Name);
            }
        }

        if (containersMissingDropAll is null && containersAddingForbidden is null)
        {
            return CheckResult.Allow;
        }
        List<string> forbiddenDetails = [];
        if (containersMissingDropAll is not null)
        {
            forbiddenDetails.Add($"{CheckHelpers.NamedContainers(containersMissingDropAll)} must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (containersAddingForbidden is not null)
        {
            forbiddenDetails.Add(
                $"{CheckHelpers.NamedContainers(containersAddingForbidden)} must not include {CheckHelpers.JoinQuote(forbiddenCapabilities!)} in securityContext.capabilities.add");
        }
        return CheckResult.Forbid("unrestricted capabilities", string.Join("; ", forbiddenDetails));
    }

    private static bool DropsAll(IList<string>? dropped)
    {
        if (dropped is null)
        {
            return false;
        }
        for (var i = 0; i < dropped.Count; i++)
        {
            if (dropped[i] == CapabilityAll)
            {
                return true;
            }
        }
        return false;
    }
}
