using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The Ingress rules of pkg/apis/networking/validation/validation.go (1.32): ValidateIngressSpec with its rules,
/// paths, backends and TLS, and ValidateIngressLoadBalancerStatus. The options are upstream's IngressValidationOptions:
/// an update may keep an invalid TLS secret name or wildcard-host rule that the stored object already had.
/// </summary>
public static class IngressValidation
{
    private static readonly string[] InvalidPathSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidPathSuffixes = ["/..", "/."];
    private static readonly string[] SupportedPathTypes = ["Exact", "ImplementationSpecific", "Prefix"];

    public sealed record Options(bool AllowInvalidSecretName, bool AllowInvalidWildcardHostRule);

    public static readonly Options Strict = new(false, false);

    /// <summary>allowInvalidSecretName and allowInvalidWildcardHostRule, read from the stored object.</summary>
    public static Options ForUpdate(V1IngressSpec? old) => new(
        (old?.Tls ?? []).Any(t => SecretNameError(t.SecretName) is not null),
        (old?.Rules ?? []).Any(r => r.Host?.Contains('*', StringComparison.Ordinal) == true && RuleValueHasErrors(r)));

    public static void ValidateSpec(V1IngressSpec? spec, Options options, FieldErrors errors)
    {
        spec ??= new V1IngressSpec();
        if (spec.Rules is not { Count: > 0 } && spec.DefaultBackend is null)
        {
            var rules = spec.Rules is null ? "[]networking.IngressRule(nil)" : "[]networking.IngressRule{}";
            errors.Invalid("spec", new GoSyntax(rules), "either `defaultBackend` or `rules` must be specified");
        }
        if (spec.DefaultBackend is not null)
        {
            ValidateBackend(spec.DefaultBackend, "spec.defaultBackend", errors);
        }
        var ruleList = spec.Rules ?? [];
        for (var i = 0; i < ruleList.Count; i++)
        {
            ValidateRule(ruleList[i], $"spec.rules[{i}]", options, errors);
        }
        ValidateTls(spec.Tls ?? [], options, errors);
        if (spec.IngressClassName is { } className && ObjectMetaValidation.SubdomainError(className) is { } classError)
        {
            errors.Invalid("spec.ingressClassName", className, classError);
        }
    }

    /// <summary>ValidateIngressLoadBalancerStatus: addresses that parse as IPs, hostnames that are DNS names and not IPs.</summary>
    public static void ValidateStatus(V1IngressStatus? status, FieldErrors errors)
    {
        var ingress = status?.LoadBalancer?.Ingress ?? [];
        for (var i = 0; i < ingress.Count; i++)
        {
            var path = $"status.loadBalancer.ingress[{i}]";
            if (!string.IsNullOrEmpty(ingress[i].Ip) && NetValidation.SloppyIp(ingress[i].Ip) is null)
            {
                errors.Invalid($"{path}.ip", ingress[i].Ip, NetValidation.InvalidIp);
            }
            if (ingress[i].Hostname is { Length: > 0 } hostname)
            {
                if (ObjectMetaValidation.SubdomainError(hostname) is { } hostError)
                {
                    errors.Invalid($"{path}.hostname", hostname, hostError);
                }
                if (NetValidation.SloppyIp(hostname) is not null)
                {
                    errors.Invalid($"{path}.hostname", hostname, "must be a DNS name, not an IP address");
                }
            }
        }
    }

    private static void ValidateRule(V1IngressRule rule, string path, Options options, FieldErrors errors)
    {
        var wildcardHost = false;
        if (rule.Host is { Length: > 0 } host)
        {
            if (NetValidation.SloppyIp(host) is not null)
            {
                errors.Invalid($"{path}.host", host, "must be a DNS name, not an IP address");
            }
            wildcardHost = host.Contains('*', StringComparison.Ordinal);
            if (HostError(host) is { } hostError)
            {
                errors.Invalid($"{path}.host", host, hostError);
            }
        }
        if (!wildcardHost || !options.AllowInvalidWildcardHostRule)
        {
            ValidateRuleValue(rule, path, errors);
        }
    }

    private static bool RuleValueHasErrors(V1IngressRule rule)
    {
        var errors = new FieldErrors();
        ValidateRuleValue(rule, "", errors);
        return errors.Any;
    }

    private static void ValidateRuleValue(V1IngressRule rule, string path, FieldErrors errors)
    {
        if (rule.Http is not { } http)
        {
            return;
        }
        var paths = http.Paths ?? [];
        if (paths.Count == 0)
        {
            errors.Required($"{path}.http.paths");
        }
        for (var i = 0; i < paths.Count; i++)
        {
            ValidatePath(paths[i], $"{path}.http.paths[{i}]", errors);
        }
    }

    /// <summary>validateHTTPIngressPath: a pathType, absolute paths without dot segments for Exact and Prefix.</summary>
    private static void ValidatePath(V1HTTPIngressPath ingressPath, string path, FieldErrors errors)
    {
        if (ingressPath.PathType is not { } pathType)
        {
            errors.Required($"{path}.pathType", "pathType must be specified");
            return;
        }
        var value = ingressPath.Path ?? "";
        switch (pathType)
        {
            case "Exact" or "Prefix":
                if (!value.StartsWith('/'))
                {
                    errors.Invalid($"{path}.path", value, "must be an absolute path");
                }
                foreach (var sequence in InvalidPathSequences.Where(s => value.Contains(s, StringComparison.Ordinal)))
                {
                    errors.Invalid($"{path}.path", value, $"must not contain '{sequence}'");
                }
                foreach (var suffix in InvalidPathSuffixes.Where(s => value.EndsWith(s, StringComparison.Ordinal)))
                {
                    errors.Invalid($"{path}.path", value, $"cannot end with '{suffix}'");
                }
                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/'))
                {
                    errors.Invalid($"{path}.path", value, "must be an absolute path");
                }
                break;
            default:
                errors.NotSupported($"{path}.pathType", pathType, SupportedPathTypes);
                break;
        }
        ValidateBackend(ingressPath.Backend ?? new V1IngressBackend(), $"{path}.backend", errors);
    }

    /// <summary>validateIngressBackend: a service (a DNS-1035 name and a port name or number) or a resource, not both.</summary>
    private static void ValidateBackend(V1IngressBackend backend, string path, FieldErrors errors)
    {
        switch (backend.Resource, backend.Service)
        {
            case ({ }, { }):
                errors.Invalid(path, "", "cannot set both resource and service backends");
                break;
            case ({ } resource, null):
                ValidateResourceReference(resource, $"{path}.resource", errors);
                break;
            case (null, { } service):
                ValidateServiceBackend(service, path, errors);
                break;
            default:
                errors.Invalid(path, "", "resource or service backend is required");
                break;
        }
    }

    private static void ValidateServiceBackend(V1IngressServiceBackend service, string path, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(service.Name))
        {
            errors.Required($"{path}.service.name");
        }
        else if (ObjectMetaValidation.Dns1035LabelError(service.Name) is { } nameError)
        {
            errors.Invalid($"{path}.service.name", service.Name, nameError);
        }
        var portName = service.Port?.Name ?? "";
        var portNumber = service.Port?.Number ?? 0;
        if (portName.Length > 0 && portNumber != 0)
        {
            errors.Invalid(path, "", "cannot set both port name & port number");
        }
        else if (portName.Length > 0)
        {
            foreach (var portNameError in NetValidation.PortNameErrors(portName))
            {
                errors.Invalid($"{path}.service.port.name", portName, portNameError);
            }
        }
        else if (portNumber != 0)
        {
            if (NetValidation.PortNumberError(portNumber) is { } portNumberError)
            {
                errors.Invalid($"{path}.service.port.number", portNumber, portNumberError);
            }
        }
        else
        {
            errors.Required(path, "port name or number is required");
        }
    }

    /// <summary>validateIngressTypedLocalObjectReference.</summary>
    private static void ValidateResourceReference(V1TypedLocalObjectReference reference, string path, FieldErrors errors)
    {
        if (reference.ApiGroup is { } group && ObjectMetaValidation.SubdomainError(group) is { } groupError)
        {
            errors.Invalid($"{path}.apiGroup", group, groupError);
        }
        RequiredPathSegment(reference.Kind, $"{path}.kind", errors);
        RequiredPathSegment(reference.Name, $"{path}.name", errors);
    }

    /// <summary>A required name that is used as a URL path segment (IsValidPathSegmentName).</summary>
    public static void RequiredPathSegment(string? value, string path, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Required(path);
        }
        else if (ObjectMetaValidation.PathSegmentNameError(value) is { } error)
        {
            errors.Invalid(path, value, error);
        }
    }

    private static void ValidateTls(IList<V1IngressTLS> tls, Options options, FieldErrors errors)
    {
        for (var i = 0; i < tls.Count; i++)
        {
            var hosts = tls[i].Hosts ?? [];
            for (var j = 0; j < hosts.Count; j++)
            {
                if (HostError(hosts[j]) is { } hostError)
                {
                    errors.Invalid($"spec.tls[{i}].hosts[{j}]", hosts[j], hostError);
                }
            }
            if (!options.AllowInvalidSecretName && SecretNameError(tls[i].SecretName) is { } secretError)
            {
                errors.Invalid($"spec.tls[{i}].secretName", tls[i].SecretName, secretError);
            }
        }
    }

    /// <summary>IsWildcardDNS1123Subdomain for a host with a '*', IsDNS1123Subdomain otherwise.</summary>
    private static string? HostError(string host) =>
        host.Contains('*', StringComparison.Ordinal) ? ObjectMetaValidation.WildcardSubdomainError(host) : ObjectMetaValidation.SubdomainError(host);

    /// <summary>validateTLSSecretName: empty is allowed (the controller's default certificate), else a Secret's name.</summary>
    private static string? SecretNameError(string? name) => string.IsNullOrEmpty(name) ? null : ObjectMetaValidation.SubdomainError(name);
}
