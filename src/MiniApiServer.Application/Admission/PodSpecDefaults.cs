using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>SetDefaults_PodSpec / SetDefaults_Container and friends (pkg/apis/core/v1/defaults.go).</summary>
public static class PodSpecDefaults
{
    public static void Apply(V1PodSpec spec)
    {
        spec.DnsPolicy ??= "ClusterFirst";
        spec.RestartPolicy ??= "Always";
        spec.SecurityContext ??= new V1PodSecurityContext();
        spec.TerminationGracePeriodSeconds ??= 30;
        spec.SchedulerName ??= "default-scheduler";
        foreach (var c in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            ApplyContainer(c);
        }
        ApplyEphemeralContainers(spec);
        foreach (var v in spec.Volumes ?? [])
        {
            ApplyVolume(v);
        }
        if (spec.HostNetwork == true)
        {
            // Host-network pods use the container port as host port (SetDefaults_PodSpec, hostNetwork branch).
            foreach (var p in (spec.Containers ?? []).SelectMany(c => c.Ports ?? []))
            {
                p.HostPort ??= p.ContainerPort;
            }
        }
    }

    /// <summary>SetDefaults_EphemeralContainer, which is SetDefaults_Container on the container's common part.</summary>
    public static void ApplyEphemeralContainers(V1PodSpec spec)
    {
        if (spec.EphemeralContainers is not { Count: > 0 } ephemeral)
        {
            // Every pod create and template passes here, and none may carry one.
            return;
        }
        foreach (var c in ephemeral)
        {
            c.ImagePullPolicy ??= PullPolicyFor(c.Image);
            c.TerminationMessagePath ??= "/dev/termination-log";
            c.TerminationMessagePolicy ??= "File";
            ApplyPortsAndProbes(c.Ports, c.LivenessProbe, c.ReadinessProbe, c.StartupProbe);
        }
    }

    private static void ApplyContainer(V1Container c)
    {
        c.ImagePullPolicy ??= PullPolicyFor(c.Image);
        c.TerminationMessagePath ??= "/dev/termination-log";
        c.TerminationMessagePolicy ??= "File";
        ApplyPortsAndProbes(c.Ports, c.LivenessProbe, c.ReadinessProbe, c.StartupProbe);
    }

    private static void ApplyPortsAndProbes(IList<V1ContainerPort>? ports, V1Probe? liveness, V1Probe? readiness, V1Probe? startup)
    {
        foreach (var p in ports ?? [])
        {
            p.Protocol ??= "TCP";
        }
        ApplyProbe(liveness);
        ApplyProbe(readiness);
        ApplyProbe(startup);
    }

    private static void ApplyProbe(V1Probe? p)
    {
        if (p is null)
        {
            return;
        }
        p.TimeoutSeconds ??= 1;
        p.PeriodSeconds ??= 10;
        p.SuccessThreshold ??= 1;
        p.FailureThreshold ??= 3;
        if (p.HttpGet is { } h)
        {
            h.Path ??= "/";
            h.Scheme ??= "HTTP";
        }
    }

    private static void ApplyVolume(V1Volume v)
    {
        // SetDefaults_Volume: an emptyDir only when every source field is nil (azureFile, iscsi and the rest included).
        if (!PodVolumeValidation.HasSource(v))
        {
            v.EmptyDir = new V1EmptyDirVolumeSource();
        }
        if (v.ConfigMap is { } cm)
        {
            cm.DefaultMode ??= 420;
        }
        if (v.Secret is { } s)
        {
            s.DefaultMode ??= 420;
        }
        if (v.Projected is { } pr)
        {
            pr.DefaultMode ??= 420;
        }
        if (v.DownwardAPI is { } d)
        {
            d.DefaultMode ??= 420;
        }
        if (v.HostPath is { } hp)
        {
            hp.Type ??= "";
        }
    }

    /// <summary>Always for ":latest" or no tag (and no digest), else IfNotPresent.</summary>
    public static string PullPolicyFor(string? image)
    {
        if (string.IsNullOrEmpty(image) || image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }
}
