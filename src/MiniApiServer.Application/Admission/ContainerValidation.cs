using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// Parts of validateContainerCommon (pkg/apis/core/validation/validation.go, 1.32) beyond names and images:
/// validateContainerPorts, validateEnvVarValueFrom and the request-to-limit comparison of validateResourceRequirements.
/// </summary>
public static class ContainerValidation
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    /// <summary>A container's place, built into a path only when an error is reported (see PodSpecValidation).</summary>
    public readonly record struct ContainerPath(string Spec, string Field, int Index)
    {
        public override string ToString() => $"{Spec}.{Field}[{Index}]";

        public static implicit operator ContainerPath((string Spec, string Field, int Index) place) => new(place.Spec, place.Field, place.Index);
    }

    public static void ValidatePorts(IList<V1ContainerPort>? ports, ContainerPath container, FieldErrors errors)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            if (!string.IsNullOrEmpty(port.Name))
            {
                if (!NetValidation.IsValidPortName(port.Name))
                {
                    foreach (var message in NetValidation.PortNameErrors(port.Name))
                    {
                        errors.Invalid($"{container}.ports[{i}].name", port.Name, message);
                    }
                }
                else if (NamedBefore(ports, i))
                {
                    errors.Duplicate($"{container}.ports[{i}].name", port.Name);
                }
            }
            if (port.ContainerPort == 0)
            {
                errors.Required($"{container}.ports[{i}].containerPort");
            }
            else if (NetValidation.PortNumberError(port.ContainerPort) is { } portError)
            {
                errors.Invalid($"{container}.ports[{i}].containerPort", port.ContainerPort, portError);
            }
            if (port.HostPort is { } hostPort and not 0 && NetValidation.PortNumberError(hostPort) is { } hostError)
            {
                errors.Invalid($"{container}.ports[{i}].hostPort", hostPort, hostError);
            }
            if (string.IsNullOrEmpty(port.Protocol))
            {
                errors.Required($"{container}.ports[{i}].protocol");
            }
            else if (!Protocols.Contains(port.Protocol))
            {
                errors.NotSupported($"{container}.ports[{i}].protocol", port.Protocol, Protocols);
            }
        }
    }

    /// <summary>validateEnvVarValueFrom: exactly one source, and never beside a value.</summary>
    public static void ValidateValueFrom(V1EnvVar env, ContainerPath container, int index, FieldErrors errors)
    {
        if (env.ValueFrom is not { } from)
        {
            return;
        }
        var path = new ValueFromPath(container, index);
        var sources = 0;
        if (from.FieldRef is not null)
        {
            sources++;
        }
        if (from.ResourceFieldRef is not null)
        {
            sources++;
        }
        if (from.ConfigMapKeyRef is { } configMapKey)
        {
            sources++;
            KeySelector(configMapKey.Name, configMapKey.Key, path, "configMapKeyRef", errors);
        }
        if (from.SecretKeyRef is { } secretKey)
        {
            sources++;
            KeySelector(secretKey.Name, secretKey.Key, path, "secretKeyRef", errors);
        }
        if (sources == 0)
        {
            errors.Invalid(path.ToString(), "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
        }
        else if (!string.IsNullOrEmpty(env.Value))
        {
            errors.Invalid(path.ToString(), "", "may not be specified when `value` is not empty");
        }
        else if (sources > 1)
        {
            errors.Invalid(path.ToString(), "", "may not have more than one field specified at a time");
        }
    }

    /// <summary>
    /// IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation, beta and on in 1.32) for a non-empty name: printable
    /// ASCII other than '=', where the C identifier rule stood before.
    /// </summary>
    public static string? RelaxedEnvVarNameError(string name) =>
        name.AsSpan().ContainsAnyExceptInRange(' ', '~') || name.Contains('=', StringComparison.Ordinal)
            ? "a valid environment variable name must consist only of printable ASCII characters other than '='"
            : null;

    /// <summary>ValidateEnvFrom: a prefix is an environment variable name, and each source one ConfigMap or Secret by name.</summary>
    public static void ValidateEnvFrom(IList<V1EnvFromSource> sources, ContainerPath container, FieldErrors errors)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (!string.IsNullOrEmpty(source.Prefix) && RelaxedEnvVarNameError(source.Prefix) is { } prefixError)
            {
                errors.Invalid($"{container}.envFrom[{i}].prefix", source.Prefix, prefixError);
            }
            var count = 0;
            if (source.ConfigMapRef is { } configMap)
            {
                count++;
                EnvSourceName(configMap.Name, $"{container}.envFrom[{i}].configMapRef.name", errors);
            }
            if (source.SecretRef is { } secret)
            {
                count++;
                EnvSourceName(secret.Name, $"{container}.envFrom[{i}].secretRef.name", errors);
            }
            // Upstream names the list, not the entry, for these two.
            if (count == 0)
            {
                errors.Invalid($"{container}.envFrom", "", "must specify one of: `configMapRef` or `secretRef`");
            }
            else if (count > 1)
            {
                errors.Invalid($"{container}.envFrom", "", "may not have more than one field specified at a time");
            }
        }
    }

    // validateConfigMapEnvSource / validateSecretEnvSource: unlike a key selector's, an empty name here is missing, and
    // the name is checked as a prefix (ValidateConfigMapName(name, true)): maskTrailingDash lets "cm-" pass.
    private static void EnvSourceName(string? name, string path, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Required(path);
            return;
        }
        foreach (var message in ObjectMetaValidation.SubdomainErrors(name.Length > 1 && name.EndsWith('-') ? name[..^2] + "a" : name))
        {
            errors.Invalid(path, name, message);
        }
    }

    /// <summary>
    /// A request may not exceed its limit; a resource that cannot be overcommitted (hugepages, extended resources) must
    /// request exactly its limit, and have one. <paramref name="value"/> is the request's, already read.
    /// </summary>
    public static void ValidateRequestWithinLimit(
        string name, ResourceQuantity request, decimal value, IDictionary<string, ResourceQuantity>? limits, ContainerPath container, FieldErrors errors)
    {
        var overcommit = ResourceNames.IsOvercommitAllowed(name);
        if (limits is null || !limits.TryGetValue(name, out var limit) || limit is null)
        {
            if (!overcommit)
            {
                errors.Required($"{container}.resources.limits", "Limit must be set for non overcommitable resources");
            }
            return;
        }
        if (Compare(value, limit) is not { } order)
        {
            return;
        }
        if (order != 0 && !overcommit)
        {
            errors.Invalid($"{container}.resources.requests", BoundedQuantityConverter.Canonical(request), $"must be equal to {name} limit of {BoundedQuantityConverter.Canonical(limit)}");
        }
        else if (order > 0)
        {
            errors.Invalid($"{container}.resources.requests", BoundedQuantityConverter.Canonical(request), $"must be less than or equal to {name} limit of {BoundedQuantityConverter.Canonical(limit)}");
        }
    }

    // A container has a handful of ports: a scan of the earlier valid names instead of a set allocated per container.
    private static bool NamedBefore(IList<V1ContainerPort> ports, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (ports[j].Name == ports[index].Name && NetValidation.IsValidPortName(ports[j].Name))
            {
                return true;
            }
        }
        return false;
    }

    // validateConfigMapKeySelector / validateSecretKeySelector: the name is a DNS-1123 subdomain (an empty one is invalid, not missing).
    private static void KeySelector(string? name, string? key, ValueFromPath path, string selector, FieldErrors errors)
    {
        if (ObjectMetaValidation.SubdomainError(name ?? "") is { } nameError)
        {
            errors.Invalid($"{path}.{selector}.name", name ?? "", nameError);
        }
        if (string.IsNullOrEmpty(key))
        {
            errors.Required($"{path}.{selector}.key");
        }
    }

    // An env var's valueFrom, made a string only for an error.
    private readonly record struct ValueFromPath(ContainerPath Container, int Index)
    {
        public override string ToString() => $"{Container}.env[{Index}].valueFrom";
    }

    private static int? Compare(decimal request, ResourceQuantity limit)
    {
        try
        {
            return request.CompareTo(limit.ToDecimal());
        }
        catch (OverflowException)
        {
            // Beyond decimal's range only quantities far past any node's capacity; the other checks still apply.
            return null;
        }
    }
}
