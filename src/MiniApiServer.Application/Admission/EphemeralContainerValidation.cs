using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// validateEphemeralContainers (pkg/apis/core/validation/validation.go, 1.32): the rules of any container, a name unique
/// across every kind of container, a target that is a container or init container, and none of the fields that would
/// make an ephemeral container part of the workload (allowedEphemeralContainerFields).
/// </summary>
public static class EphemeralContainerValidation
{
    private const string NotForEphemeral = "cannot be set for an Ephemeral Container";

    /// <param name="names">The containers' and init containers' names; the ephemeral containers' are added.</param>
    /// <param name="volumes">The pod's volumes that validated, which mounts must name.</param>
    public static void Validate(IList<V1EphemeralContainer> ephemeral, string spec, HashSet<string> names, HashSet<string> volumes, FieldErrors errors)
    {
        // Only a container or init container can be a target, not another ephemeral container.
        var targets = new HashSet<string>(names, StringComparer.Ordinal);
        PodSpecValidation.ValidateContainers(ephemeral.Select(AsContainer).ToList(), spec, "ephemeralContainers", names, volumes, errors);
        for (var i = 0; i < ephemeral.Count; i++)
        {
            var c = ephemeral[i];
            var path = $"{spec}.ephemeralContainers[{i}]";
            if (!string.IsNullOrEmpty(c.TargetContainerName) && !targets.Contains(c.TargetContainerName))
            {
                errors.NotFound($"{path}.targetContainerName", c.TargetContainerName);
            }
            // validateFieldAllowList: every field of EphemeralContainerCommon not allowed and not its zero value, in the
            // struct's order; an empty resources object is the zero value.
            Forbid(c.Ports is not null, path, "ports", errors);
            Forbid(c.Resources is { } r && (r.Limits is not null || r.Requests is not null || r.Claims is not null), path, "resources", errors);
            Forbid(c.ResizePolicy is not null, path, "resizePolicy", errors);
            Forbid(c.RestartPolicy is not null, path, "restartPolicy", errors);
            Forbid(c.LivenessProbe is not null, path, "livenessProbe", errors);
            Forbid(c.ReadinessProbe is not null, path, "readinessProbe", errors);
            Forbid(c.StartupProbe is not null, path, "startupProbe", errors);
            Forbid(c.Lifecycle is not null, path, "lifecycle", errors);
            // Subpaths are bind mounts that outlive the container until the pod exits, and imply it is part of the workload.
            for (var j = 0; j < (c.VolumeMounts?.Count ?? 0); j++)
            {
                Forbid(!string.IsNullOrEmpty(c.VolumeMounts![j].SubPath), $"{path}.volumeMounts[{j}]", "subPath", errors);
                Forbid(!string.IsNullOrEmpty(c.VolumeMounts[j].SubPathExpr), $"{path}.volumeMounts[{j}]", "subPathExpr", errors);
            }
        }
    }

    /// <summary>
    /// The container an ephemeral one is, for the rules every container shares ((*core.Container)(&amp;ec.EphemeralContainerCommon)).
    /// Probes, lifecycle and restartPolicy are left out: they are refused here whatever their content.
    /// </summary>
    public static V1Container AsContainer(V1EphemeralContainer c) => new()
    {
        Name = c.Name,
        Image = c.Image,
        Command = c.Command,
        Args = c.Args,
        WorkingDir = c.WorkingDir,
        Ports = c.Ports,
        EnvFrom = c.EnvFrom,
        Env = c.Env,
        Resources = c.Resources,
        ResizePolicy = c.ResizePolicy,
        VolumeMounts = c.VolumeMounts,
        VolumeDevices = c.VolumeDevices,
        TerminationMessagePath = c.TerminationMessagePath,
        TerminationMessagePolicy = c.TerminationMessagePolicy,
        ImagePullPolicy = c.ImagePullPolicy,
        SecurityContext = c.SecurityContext,
        Stdin = c.Stdin,
        StdinOnce = c.StdinOnce,
        Tty = c.Tty,
    };

    private static void Forbid(bool set, string path, string field, FieldErrors errors)
    {
        if (set)
        {
            errors.Forbidden($"{path}.{field}", NotForEphemeral);
        }
    }
}
