using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The ServiceAccount plugin's Validate for a mirror pod (annotation <c>kubernetes.io/config.mirror</c>): a kubelet's
/// static pod is shown as is, so it may name no service account, reference no secret (podutil.VisitPodSecretNames over
/// every container kind) and project no token.
/// </summary>
public static class MirrorPodReferences
{
    public const string Annotation = "kubernetes.io/config.mirror";

    /// <summary>Why the mirror pod may not be created, in upstream's words, or null.</summary>
    public static string? Refusal(V1PodSpec spec)
    {
        // The conversion to the internal pod takes the deprecated field when the name is empty.
        if (!string.IsNullOrEmpty(spec.ServiceAccountName) || !string.IsNullOrEmpty(spec.ServiceAccount))
        {
            return "a mirror pod may not reference service accounts";
        }
        if (ReferencesSecrets(spec))
        {
            return "a mirror pod may not reference secrets";
        }
        if (spec.Volumes?.Any(v => v.Projected?.Sources?.Any(s => s.ServiceAccountToken is not null) == true) == true)
        {
            return "a mirror pod may not use ServiceAccountToken volume projections";
        }
        return null;
    }

    // VisitPodSecretNames visits a reference whatever its name, so an empty one counts too.
    private static bool ReferencesSecrets(V1PodSpec spec)
    {
        if (spec.ImagePullSecrets is { Count: > 0 })
        {
            return true;
        }
        var containers = (spec.Containers ?? []).Select(c => (c.Env, c.EnvFrom))
            .Concat((spec.InitContainers ?? []).Select(c => (c.Env, c.EnvFrom)))
            .Concat((spec.EphemeralContainers ?? []).Select(c => (c.Env, c.EnvFrom)));
        foreach (var (env, envFrom) in containers)
        {
            if (envFrom?.Any(e => e.SecretRef is not null) == true || env?.Any(e => e.ValueFrom?.SecretKeyRef is not null) == true)
            {
                return true;
            }
        }
        return spec.Volumes?.Any(VolumeNamesSecret) == true;
    }

    // Every volume plugin that takes a secret by name, as VisitPodSecretNames lists them.
    private static bool VolumeNamesSecret(V1Volume v) =>
        v.Secret is not null || v.AzureFile is not null || v.ScaleIO is not null
        || v.Projected?.Sources?.Any(s => s.Secret is not null) == true
        || v.Cephfs?.SecretRef is not null || v.Cinder?.SecretRef is not null || v.FlexVolume?.SecretRef is not null
        || v.Iscsi?.SecretRef is not null || v.Rbd?.SecretRef is not null || v.Storageos?.SecretRef is not null
        || v.Csi?.NodePublishSecretRef is not null;
}
