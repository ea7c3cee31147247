using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The ServiceAccount plugin's limitSecretReferences (plugin/pkg/admission/serviceaccount/admission.go), on for an
/// account annotated <c>kubernetes.io/enforce-mountable-secrets: "true"</c>: a pod may use only the secrets its account
/// lists, as secret volumes, environment variables (one by one or all from a secret) of containers and init containers,
/// and image pull secrets.
/// </summary>
public static class MountableSecrets
{
    public const string EnforceAnnotation = "kubernetes.io/enforce-mountable-secrets";

    /// <summary>enforceMountableSecrets: the annotation read with strconv.ParseBool, anything unparsable is false.</summary>
    public static bool Enforced(V1ServiceAccount account) =>
        account.Metadata?.Annotations?.TryGetValue(EnforceAnnotation, out var value) == true
        && value is "1" or "t" or "T" or "true" or "TRUE" or "True";

    /// <summary>Why the pod may not be created, in upstream's words, or null.</summary>
    public static string? Refusal(V1ServiceAccount account, V1PodSpec spec)
    {
        var name = account.Metadata?.Name ?? "";
        var mountable = (account.Secrets ?? []).Select(s => s.Name ?? "").ToHashSet(StringComparer.Ordinal);
        foreach (var volume in spec.Volumes ?? [])
        {
            if (volume.Secret is { } secret && !mountable.Contains(secret.SecretName ?? ""))
            {
                return $"volume with secret.secretName=\"{secret.SecretName}\" is not allowed because service account {name} does not reference that secret";
            }
        }
        var refusal = EnvRefusal(spec.InitContainers, "init container", name, mountable) ?? EnvRefusal(spec.Containers, "container", name, mountable);
        if (refusal is not null)
        {
            return refusal;
        }
        var pullable = (account.ImagePullSecrets ?? []).Select(s => s.Name ?? "").ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < (spec.ImagePullSecrets?.Count ?? 0); i++)
        {
            var pull = spec.ImagePullSecrets![i].Name ?? "";
            if (!pullable.Contains(pull))
            {
                return $"imagePullSecrets[{i}].name=\"{pull}\" is not allowed because service account {name} does not reference that imagePullSecret";
            }
        }
        return null;
    }

    /// <summary>limitEphemeralContainerSecretReferences: what pods/ephemeralcontainers may not add, or null.</summary>
    public static string? EphemeralRefusal(V1ServiceAccount account, V1PodSpec spec)
    {
        var mountable = (account.Secrets ?? []).Select(s => s.Name ?? "").ToHashSet(StringComparer.Ordinal);
        var ephemeral = (spec.EphemeralContainers ?? []).Select(EphemeralContainerValidation.AsContainer).ToList();
        return EnvRefusal(ephemeral, "ephemeral container", account.Metadata?.Name ?? "", mountable);
    }

    private static string? EnvRefusal(IList<V1Container>? containers, string what, string account, HashSet<string> mountable)
    {
        foreach (var container in containers ?? [])
        {
            foreach (var env in container.Env ?? [])
            {
                if (env.ValueFrom?.SecretKeyRef is { } key && !mountable.Contains(key.Name ?? ""))
                {
                    return $"{what} {container.Name} with envVar {env.Name} referencing secret.secretName=\"{key.Name}\" is not allowed because service account {account} does not reference that secret";
                }
            }
            // envFrom since the fix of CVE-2024-3177 (1.27.13, 1.28.9, 1.29.4).
            foreach (var envFrom in container.EnvFrom ?? [])
            {
                if (envFrom.SecretRef is { } secret && !mountable.Contains(secret.Name ?? ""))
                {
                    return $"{what} {container.Name} with envFrom referencing secret.secretName=\"{secret.Name}\" is not allowed because service account {account} does not reference that secret";
                }
            }
        }
        return null;
    }
}
