using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/networking/networkpolicy/strategy.go, SetDefaults_NetworkPolicy/Port (pkg/apis/networking/v1/defaults.go)
/// and ValidateNetworkPolicy/Update (pkg/apis/networking/validation/validation.go, 1.32). Policies are stored and
/// served only: no CNI here enforces them.
/// </summary>
public sealed class NetworkPolicyStrategy(ResourceType type) : TypedStrategy<V1NetworkPolicy>(type)
{
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];
    private static readonly string[] PolicyTypes = ["Ingress", "Egress"];

    protected override void PrepareForCreate(V1NetworkPolicy policy, DateTimeOffset now)
    {
        Default(policy);
        policy.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1NetworkPolicy policy, V1NetworkPolicy old, bool statusOnly)
    {
        Default(policy);
        policy.Metadata.Generation = Generation.AfterUpdate(old.Metadata, policy.Spec, old.Spec);
    }

    protected override void Validate(V1NetworkPolicy policy, FieldErrors errors) => ValidateSpec(policy.Spec, allowInvalidSelectorValues: false, errors);

    /// <summary>
    /// The strategy's ValidateUpdate runs ValidateNetworkPolicy and ValidateNetworkPolicyUpdate, which both check the
    /// spec, so each spec error is a cause twice (the message lists it once). An invalid label value the stored
    /// podSelector already had stays allowed (ValidationOptionsForNetworking).
    /// </summary>
    protected override void ValidateUpdate(V1NetworkPolicy policy, V1NetworkPolicy old, FieldErrors errors)
    {
        var oldSelectorErrors = new FieldErrors();
        LabelSelectorValidation.Validate(old.Spec?.PodSelector, "", oldSelectorErrors, allowInvalidValues: false);
        ValidateSpec(policy.Spec, oldSelectorErrors.Any, errors);
        ValidateSpec(policy.Spec, oldSelectorErrors.Any, errors);
    }

    private static void ValidateSpec(V1NetworkPolicySpec? spec, bool allowInvalidSelectorValues, FieldErrors errors)
    {
        spec ??= new V1NetworkPolicySpec();
        LabelSelectorValidation.Validate(spec.PodSelector ?? new V1LabelSelector(), "spec.podSelector", errors, allowInvalidSelectorValues);
        var ingress = spec.Ingress ?? [];
        for (var i = 0; i < ingress.Count; i++)
        {
            ValidateRule($"spec.ingress[{i}]", ingress[i].Ports, "from", ingress[i].FromProperty, allowInvalidSelectorValues, errors);
        }
        var egress = spec.Egress ?? [];
        for (var i = 0; i < egress.Count; i++)
        {
            ValidateRule($"spec.egress[{i}]", egress[i].Ports, "to", egress[i].To, allowInvalidSelectorValues, errors);
        }
        var types = spec.PolicyTypes ?? [];
        if (types.Count > PolicyTypes.Length)
        {
            errors.Invalid("spec.policyTypes", new GoSyntax($"[]networking.PolicyType{{{string.Join(", ", types.Select(GoSyntax.Quote))}}}"), "may not specify more than two policyTypes");
            return;
        }
        for (var i = 0; i < types.Count; i++)
        {
            if (!PolicyTypes.Contains(types[i]))
            {
                errors.NotSupported($"spec.policyTypes[{i}]", types[i], PolicyTypes);
            }
        }
    }

    private static void ValidateRule(string path, IList<V1NetworkPolicyPort>? ports, string peersField, IList<V1NetworkPolicyPeer>? peers, bool allowInvalidSelectorValues, FieldErrors errors)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            ValidatePort(ports![i], $"{path}.ports[{i}]", errors);
        }
        for (var i = 0; i < (peers?.Count ?? 0); i++)
        {
            ValidatePeer(peers![i], $"{path}.{peersField}[{i}]", allowInvalidSelectorValues, errors);
        }
    }

    /// <summary>ValidateNetworkPolicyPort: a known protocol, a port number or name, and an endPort only after a numeric port.</summary>
    private static void ValidatePort(V1NetworkPolicyPort port, string path, FieldErrors errors)
    {
        if (port.Protocol is { } protocol && !Protocols.Contains(protocol))
        {
            errors.NotSupported($"{path}.protocol", protocol, Protocols);
        }
        if (port.Port?.Value is not { } raw)
        {
            if (port.EndPort is { } orphan)
            {
                errors.Invalid($"{path}.endPort", orphan, "may not be specified when `port` is not specified");
            }
            return;
        }
        // A quoted number ("80") is a port name, as intstr keeps it a string.
        if (!IntOrStringType.IsString(port.Port) && int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            if (NetValidation.PortNumberError(number) is { } portError)
            {
                errors.Invalid($"{path}.port", number, portError);
            }
            if (port.EndPort is { } endPort)
            {
                // Upstream prints the port, not the endPort, as this error's value.
                if (endPort < number)
                {
                    errors.Invalid($"{path}.endPort", number, "must be greater than or equal to `port`");
                }
                if (NetValidation.PortNumberError(endPort) is { } endError)
                {
                    errors.Invalid($"{path}.endPort", endPort, endError);
                }
            }
            return;
        }
        if (port.EndPort is { } named)
        {
            errors.Invalid($"{path}.endPort", named, "may not be specified when `port` is non-numeric");
        }
        foreach (var nameError in NetValidation.PortNameErrors(raw))
        {
            errors.Invalid($"{path}.port", raw, nameError);
        }
    }

    /// <summary>ValidateNetworkPolicyPeer: at least one selector or an ipBlock, and an ipBlock alone.</summary>
    private static void ValidatePeer(V1NetworkPolicyPeer peer, string path, bool allowInvalidSelectorValues, FieldErrors errors)
    {
        var peers = 0;
        if (peer.PodSelector is { } podSelector)
        {
            peers++;
            LabelSelectorValidation.Validate(podSelector, $"{path}.podSelector", errors, allowInvalidSelectorValues);
        }
        if (peer.NamespaceSelector is { } namespaceSelector)
        {
            peers++;
            LabelSelectorValidation.Validate(namespaceSelector, $"{path}.namespaceSelector", errors, allowInvalidSelectorValues);
        }
        if (peer.IpBlock is { } ipBlock)
        {
            peers++;
            ValidateIpBlock(ipBlock, $"{path}.ipBlock", errors);
        }
        if (peers == 0)
        {
            errors.Required(path, "must specify a peer");
        }
        else if (peers > 1 && peer.IpBlock is not null)
        {
            errors.Forbidden(path, "may not specify both ipBlock and another peer");
        }
    }

    /// <summary>ValidateIPBlock: a CIDR, and each except a CIDR strictly inside it.</summary>
    private static void ValidateIpBlock(V1IPBlock block, string path, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(block.Cidr))
        {
            errors.Required($"{path}.cidr");
            return;
        }
        if (GoCidr.Parse(block.Cidr) is not { } cidr)
        {
            errors.Invalid($"{path}.cidr", block.Cidr, NetValidation.InvalidCidr);
            return;
        }
        var except = block.Except ?? [];
        for (var i = 0; i < except.Count; i++)
        {
            if (GoCidr.Parse(except[i]) is not { } inner)
            {
                errors.Invalid($"{path}.except[{i}]", except[i], NetValidation.InvalidCidr);
            }
            else if (!cidr.Contains(inner.Network) || cidr.Ones >= inner.Ones)
            {
                errors.Invalid($"{path}.except[{i}]", except[i], "must be a strict subset of `cidr`");
            }
        }
    }

    /// <summary>SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort.</summary>
    private static void Default(V1NetworkPolicy policy)
    {
        var spec = policy.Spec ??= new V1NetworkPolicySpec();
        spec.PodSelector ??= new V1LabelSelector();
        foreach (var port in (spec.Ingress ?? []).SelectMany(r => r.Ports ?? []).Concat((spec.Egress ?? []).SelectMany(r => r.Ports ?? [])))
        {
            port.Protocol ??= "TCP";
        }
        if (spec.PolicyTypes is not { Count: > 0 })
        {
            spec.PolicyTypes = spec.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"];
        }
    }
}
