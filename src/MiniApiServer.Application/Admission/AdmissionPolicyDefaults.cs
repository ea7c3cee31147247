using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>pkg/apis/admissionregistration/v1/defaults.go SetDefaults_MatchResources, with SetDefaults_Rule on each rule.</summary>
internal static class AdmissionPolicyDefaults
{
    public static void MatchResources(V1MatchResources? match)
    {
        if (match is null)
        {
            return;
        }
        match.MatchPolicy ??= "Equivalent";
        match.NamespaceSelector ??= new V1LabelSelector();
        match.ObjectSelector ??= new V1LabelSelector();
        foreach (var rule in (match.ResourceRules ?? []).Concat(match.ExcludeResourceRules ?? []))
        {
            rule.Scope ??= "*";
        }
    }
}
