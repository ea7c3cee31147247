using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/apis/core/validation ValidateNode and ValidateNodeUpdate for the spec: taints (a label-name key, a label-value
/// value, a known effect, one taint per key and effect), pod CIDRs that parse, and a podCIDR or providerID that, once
/// set, stays (the node IPAM and cloud controllers may only fill them in).
/// </summary>
public static class NodeSpecValidation
{
    private const string CidrChange = "node updates may not change podCIDR except from \"\" to valid";
    private const string ProviderIdChange = "node updates may not change providerID except from \"\" to valid";

    public static void Validate(V1NodeSpec? spec, FieldErrors errors)
    {
        var taints = spec?.Taints ?? [];
        // Nodes are validated on every heartbeat: no set for the usual zero or one taint.
        var seen = taints.Count > 1 ? new HashSet<(string?, string?)>() : null;
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            ObjectMetaValidation.QualifiedName(errors, i, static i => $"spec.taints[{i}].key", taint.Key ?? "");
            if (ObjectMetaValidation.LabelValueError(taint.Value ?? "") is { } valueError)
            {
                errors.Invalid($"spec.taints[{i}].value", taint.Value ?? "", valueError);
            }
            if (string.IsNullOrEmpty(taint.Effect))
            {
                errors.Required($"spec.taints[{i}].effect");
            }
            else if (!PodSpecValidation.TaintEffects.Contains(taint.Effect))
            {
                errors.NotSupported($"spec.taints[{i}].effect", taint.Effect, PodSpecValidation.TaintEffects);
            }
            if (seen?.Add((taint.Key, taint.Effect)) == false)
            {
                errors.Duplicate($"spec.taints[{i}]", TaintSyntax(taint), "taints must be unique by key and effect pair");
            }
        }
        var cidrs = PodCidrs(spec);
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(cidrs[i], out _))
            {
                errors.Invalid($"spec.podCIDRs[{i}]", cidrs[i], "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
            }
        }
    }

    public static void ValidateUpdate(V1NodeSpec? spec, V1NodeSpec? old, FieldErrors errors)
    {
        var oldCidrs = PodCidrs(old);
        if (oldCidrs.Count > 0 && !oldCidrs.SequenceEqual(PodCidrs(spec)))
        {
            errors.Forbidden("spec.podCIDRs", CidrChange);
        }
        if (!string.IsNullOrEmpty(old?.ProviderID) && old.ProviderID != spec?.ProviderID)
        {
            errors.Forbidden("spec.providerID", ProviderIdChange);
        }
        Validate(spec, errors);
    }

    // The v1 podCIDR is podCIDRs[0] in the internal version the rules see (Convert_v1_NodeSpec_To_core_NodeSpec).
    private static IReadOnlyList<string> PodCidrs(V1NodeSpec? spec) =>
        spec?.PodCIDRs is { Count: > 0 } cidrs ? [.. cidrs] : string.IsNullOrEmpty(spec?.PodCIDR) ? [] : [spec.PodCIDR];

    // %#v of the internal core.Taint, as field.Duplicate prints it (Go prints a set timeAdded as its pointer's address).
    private static GoSyntax TaintSyntax(V1Taint t) =>
        new($"core.Taint{{Key:{GoSyntax.Quote(t.Key ?? "")}, Value:{GoSyntax.Quote(t.Value ?? "")}, Effect:{GoSyntax.Quote(t.Effect ?? "")}, TimeAdded:{(t.TimeAdded is null ? "(*v1.Time)(nil)" : "(*v1.Time)(...)")}}}");
}
