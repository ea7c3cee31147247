using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The parts of ValidatePodSpec (pkg/apis/core/validation/validation.go) that clients trip over most, in its order: volumes,
/// containers (<see cref="ContainerValidation"/>, <see cref="PodVolumeValidation"/>), then the pod-level fields.
/// </summary>
public static class PodSpecValidation
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    /// <summary>validateTaintEffect's values, for tolerations here and for node taints (<see cref="NodeSpecValidation"/>).</summary>
    public static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    // Read only: mounts are looked up in it, never added.
    private static readonly HashSet<string> NoVolumes = [];

    public static void Validate(V1PodSpec? spec, string path, FieldErrors errors)
    {
        if (spec is null)
        {
            errors.Required(path);
            return;
        }
        // ValidateVolumes runs first, and gives the mounts the volumes that validated.
        var volumes = spec.Volumes is { Count: > 0 } ? PodVolumeValidation.ValidateVolumes(spec.Volumes, path, errors) : NoVolumes;
        if (spec.Containers is null || spec.Containers.Count == 0)
        {
            errors.Required($"{path}.containers");
        }
        var names = new HashSet<string>();
        ValidateContainers(spec.Containers, path, "containers", names, volumes, errors);
        ValidateContainers(spec.InitContainers, path, "initContainers", names, volumes, errors);
        if (spec.EphemeralContainers is { Count: > 0 } ephemeral)
        {
            EphemeralContainerValidation.Validate(ephemeral, path, names, volumes, errors);
        }
        if (spec.RestartPolicy is { } rp && !RestartPolicies.Contains(rp))
        {
            errors.NotSupported($"{path}.restartPolicy", rp, RestartPolicies);
        }
        if (spec.DnsPolicy is { } dp && !DnsPolicies.Contains(dp))
        {
            errors.NotSupported($"{path}.dnsPolicy", dp, DnsPolicies);
        }
        if (spec.TerminationGracePeriodSeconds is < 0)
        {
            errors.Invalid($"{path}.terminationGracePeriodSeconds", spec.TerminationGracePeriodSeconds, "must be greater than or equal to 0");
        }
        if (spec.ActiveDeadlineSeconds is <= 0)
        {
            errors.Invalid($"{path}.activeDeadlineSeconds", spec.ActiveDeadlineSeconds, "must be between 1 and 2147483647, inclusive");
        }
        if (spec.NodeSelector is not null)
        {
            foreach (var (k, v) in spec.NodeSelector)
            {
                ObjectMetaValidation.QualifiedName(errors, path, static path => path + ".nodeSelector", k);
                if (ObjectMetaValidation.LabelValueError(v ?? "") is { } ve)
                {
                    errors.Invalid($"{path}.nodeSelector", v, ve);
                }
            }
        }
        ValidateNodeAffinity(spec.Affinity?.NodeAffinity, path, errors);
        TolerationValidation.Validate(spec.Tolerations, $"{path}.tolerations", errors);
        if (spec.RuntimeClassName is { } runtimeClassName)
        {
            // ValidateRuntimeClassName: a RuntimeClass's name, so a DNS subdomain.
            foreach (var message in ObjectMetaValidation.SubdomainErrors(runtimeClassName))
            {
                errors.Invalid($"{path}.runtimeClassName", runtimeClassName, message);
            }
        }
        if (spec.Overhead is { } overhead)
        {
            OverheadValidation.Validate(overhead, $"{path}.overhead", errors);
        }
        if (spec.SchedulingGates is { Count: > 0 })
        {
            PodSchedulingGates.Validate(spec.SchedulingGates, path, errors);
        }
    }

    // Every path is built only where it is reported: eight eager paths per container were ~1.5 KB of the ~46 KB a pod
    // create allocated (docs/benchmarks.md, session 15), and the spec's, tolerations' and probes' ~1 KB of 29 (session 19).
    // The checks run in validateContainerCommon's order, then validateContainers' (names unique, probes, restartPolicy).
    internal static void ValidateContainers(IList<V1Container>? containers, string spec, string field, HashSet<string> names, HashSet<string> volumes, FieldErrors errors)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var c = containers![i];
            string Cp() => $"{spec}.{field}[{i}]";
            if (string.IsNullOrEmpty(c.Name))
            {
                errors.Required($"{Cp()}.name");
            }
            else if (ObjectMetaValidation.LabelNameError(c.Name) is { } ne)
            {
                errors.Invalid($"{Cp()}.name", c.Name, ne);
            }
            // validateContainerCommon: only an empty image is missing; " " was a template's placeholder (openshift/origin#14659).
            if (string.IsNullOrEmpty(c.Image))
            {
                errors.Required($"{Cp()}.image");
            }
            if (c.Ports is { Count: > 0 })
            {
                ContainerValidation.ValidatePorts(c.Ports, (spec, field, i), errors);
            }
            for (var j = 0; j < (c.Env?.Count ?? 0); j++)
            {
                var envName = c.Env![j].Name ?? "";
                if (envName.Length == 0)
                {
                    errors.Required($"{Cp()}.env[{j}].name");
                    errors.Invalid($"{Cp()}.env[{j}].name", envName, "environment variable name must be non-empty");
                }
                else if (ContainerValidation.RelaxedEnvVarNameError(envName) is { } nameError)
                {
                    errors.Invalid($"{Cp()}.env[{j}].name", envName, nameError);
                }
                if (c.Env[j].ValueFrom is not null)
                {
                    ContainerValidation.ValidateValueFrom(c.Env[j], (spec, field, i), j, errors);
                }
            }
            if (c.EnvFrom is { Count: > 0 })
            {
                ContainerValidation.ValidateEnvFrom(c.EnvFrom, (spec, field, i), errors);
            }
            if (c.VolumeMounts is { Count: > 0 })
            {
                PodVolumeValidation.ValidateMounts(c.VolumeMounts, volumes, (spec, field, i), errors);
            }
            if (c.ImagePullPolicy is { } pp && !PullPolicies.Contains(pp))
            {
                errors.NotSupported($"{Cp()}.imagePullPolicy", pp, PullPolicies);
            }
            if (c.Resources is { } resources)
            {
                ValidateResources(resources.Limits, spec, field, i, "limits", null, errors);
                ValidateResources(resources.Requests, spec, field, i, "requests", resources.Limits, errors);
            }
            if (!string.IsNullOrEmpty(c.Name) && !names.Add(c.Name))
            {
                errors.Duplicate($"{Cp()}.name", c.Name);
            }
            if (c.LivenessProbe is not null || c.ReadinessProbe is not null || c.StartupProbe is not null || c.Lifecycle is not null)
            {
                var cp = Cp();
                ProbeValidation.ValidateProbe(c.LivenessProbe, cp, "livenessProbe", errors);
                ProbeValidation.ValidateProbe(c.ReadinessProbe, cp, "readinessProbe", errors);
                ProbeValidation.ValidateProbe(c.StartupProbe, cp, "startupProbe", errors);
                ProbeValidation.ValidateLifecycle(c.Lifecycle, cp, errors);
            }
            if (field == "containers" && c.RestartPolicy is not null)
            {
                errors.Forbidden($"{Cp()}.restartPolicy", "may not be set for non-init containers");
            }
        }
    }

    /// <summary>ValidateNodeSelector for the required node affinity: an empty selector matches no node.</summary>
    private static void ValidateNodeAffinity(V1NodeAffinity? affinity, string spec, FieldErrors errors)
    {
        if (affinity?.RequiredDuringSchedulingIgnoredDuringExecution is { } required && (required.NodeSelectorTerms?.Count ?? 0) == 0)
        {
            errors.Required($"{spec}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", "must have at least one node selector term");
        }
    }

    /// <summary>
    /// Each quantity is not negative; a request (when <paramref name="limits"/> are given) is then held to its limit in the
    /// same pass, as validateResourceRequirements does after each request's own checks.
    /// </summary>
    private static void ValidateResources(
        IDictionary<string, ResourceQuantity>? list, string spec, string field, int index, string kind, IDictionary<string, ResourceQuantity>? limits, FieldErrors errors)
    {
        if (list is null)
        {
            return;
        }
        foreach (var (name, q) in list)
        {
            try
            {
                var value = q.ToDecimal();
                if (value < 0)
                {
                    errors.Invalid($"{spec}.{field}[{index}].resources.{kind}[{name}]", BoundedQuantityConverter.Canonical(q), "must be greater than or equal to 0");
                }
                if (kind == "requests")
                {
                    ContainerValidation.ValidateRequestWithinLimit(name, q, value, limits, (spec, field, index), errors);
                }
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                errors.Invalid($"{spec}.{field}[{index}].resources.{kind}[{name}]", BoundedQuantityConverter.Canonical(q), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
            }
        }
    }
}
