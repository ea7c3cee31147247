using System.Text.Json.Nodes;
using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The ServiceAccount admission plugin's changes to a new pod (plugin/pkg/admission/serviceaccount/admission.go,
/// mountServiceAccountToken and Admit): every container and init container that has nothing mounted at the token path
/// mounts one projected volume, <c>kube-api-access-XXXXX</c>, made of a bound token, the root CA ConfigMap and the
/// namespace; a pod with no image pull secrets takes its ServiceAccount's. Pods arrive as JSON (HTTP) or as models
/// (controllers), so each change has both forms.
/// </summary>
public static class ServiceAccountTokenMount
{
    public const string VolumePrefix = "kube-api-access-";
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string RootCaConfigMap = "kube-root-ca.crt";

    /// <summary>
    /// serviceaccount.WarnOnlyBoundTokenExpirationSeconds: the issuer recognises this value, extends such tokens
    /// (--service-account-extend-token-expiration) and only warns when one is used after its hour.
    /// </summary>
    public const long TokenExpirationSeconds = 60 * 60 + 7;

    /// <summary>corev1.ProjectedVolumeSourceDefaultMode (0644), set explicitly upstream (kubernetes#104464).</summary>
    public const int DefaultMode = 420;

    /// <summary>shouldAutomount: the pod's own choice wins, then its ServiceAccount's, else true.</summary>
    public static bool ShouldAutomount(bool? pod, bool? serviceAccount) => pod ?? serviceAccount ?? true;

    /// <summary>The JSON form. A malformed spec (volumes or containers that are not lists) is left for the decode's 400.</summary>
    public static void Mount(JsonObject spec, Func<string> volumeName)
    {
        if (spec["volumes"] is { } v && v is not JsonArray || spec["containers"] is { } c && c is not JsonArray
            || spec["initContainers"] is { } i && i is not JsonArray)
        {
            return;
        }
        var volumes = spec["volumes"] as JsonArray;
        var existing = volumes?.OfType<JsonObject>().Select(o => o["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "")
            .FirstOrDefault(n => n.StartsWith(VolumePrefix, StringComparison.Ordinal));
        var name = existing ?? volumeName();
        var needed = MountIn(spec["initContainers"] as JsonArray, name) | MountIn(spec["containers"] as JsonArray, name);
        if (existing is null && needed)
        {
            if (volumes is null)
            {
                spec["volumes"] = volumes = [];
            }
            volumes.Add(VolumeJson(name));
        }
    }

    /// <summary>The model form, the same rules.</summary>
    public static void Mount(V1PodSpec spec, Func<string> volumeName)
    {
        var existing = spec.Volumes?.Select(v => v.Name ?? "").FirstOrDefault(n => n.StartsWith(VolumePrefix, StringComparison.Ordinal));
        var name = existing ?? volumeName();
        var needed = MountIn(spec.InitContainers, name) | MountIn(spec.Containers, name);
        if (existing is null && needed)
        {
            (spec.Volumes ??= []).Add(ModelVolume(name));
        }
    }

    /// <summary>Admit's copy of the ServiceAccount's image pull secrets (names only) into a pod that names none.</summary>
    public static void InheritPullSecrets(JsonObject spec, IList<V1LocalObjectReference>? fromAccount)
    {
        if (fromAccount is not { Count: > 0 } || spec["imagePullSecrets"] is { } given && (given is not JsonArray list || list.Count > 0))
        {
            return;
        }
        // Only the names are copied, as Admit does; a nameless reference stays an empty object, as Go omits the empty name.
        spec["imagePullSecrets"] = new JsonArray([.. fromAccount.Select(r => (JsonNode)(r.Name is null ? new JsonObject() : new JsonObject { ["name"] = r.Name }))]);
    }

    public static void InheritPullSecrets(V1PodSpec spec, IList<V1LocalObjectReference>? fromAccount)
    {
        if (fromAccount is not { Count: > 0 } || spec.ImagePullSecrets is { Count: > 0 })
        {
            return;
        }
        spec.ImagePullSecrets = [.. fromAccount.Select(r => new V1LocalObjectReference { Name = r.Name })];
    }

    private static bool MountIn(JsonArray? containers, string name)
    {
        var needed = false;
        foreach (var container in containers?.OfType<JsonObject>() ?? [])
        {
            if (container["volumeMounts"] is { } m && m is not JsonArray)
            {
                continue;
            }
            var mounts = container["volumeMounts"] as JsonArray;
            // Existing mounts at the default mount path prevent mounting of the API token (upstream's words).
            if (mounts?.OfType<JsonObject>().Any(o => o["mountPath"] is JsonValue p && p.TryGetValue<string>(out var s) && s == MountPath) == true)
            {
                continue;
            }
            if (mounts is null)
            {
                container["volumeMounts"] = mounts = [];
            }
            mounts.Add(new JsonObject { ["name"] = name, ["readOnly"] = true, ["mountPath"] = MountPath });
            needed = true;
        }
        return needed;
    }

    private static bool MountIn(IList<V1Container>? containers, string name)
    {
        var needed = false;
        foreach (var container in containers ?? [])
        {
            if (container.VolumeMounts?.Any(m => m.MountPath == MountPath) == true)
            {
                continue;
            }
            (container.VolumeMounts ??= []).Add(new V1VolumeMount { Name = name, ReadOnlyProperty = true, MountPath = MountPath });
            needed = true;
        }
        return needed;
    }

    private static JsonObject VolumeJson(string name) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["sources"] = new JsonArray(
                new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = TokenExpirationSeconds, ["path"] = "token" } },
                new JsonObject
                {
                    ["configMap"] = new JsonObject
                    {
                        ["name"] = RootCaConfigMap,
                        ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                    },
                },
                new JsonObject
                {
                    ["downwardAPI"] = new JsonObject
                    {
                        ["items"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "namespace",
                            ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                        }),
                    },
                }),
            ["defaultMode"] = DefaultMode,
        },
    };

    private static V1Volume ModelVolume(string name) => new()
    {
        Name = name,
        Projected = new V1ProjectedVolumeSource
        {
            Sources =
            [
                new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { ExpirationSeconds = TokenExpirationSeconds, Path = "token" } },
                new V1VolumeProjection
                {
                    ConfigMap = new V1ConfigMapProjection { Name = RootCaConfigMap, Items = [new V1KeyToPath { Key = "ca.crt", Path = "ca.crt" }] },
                },
                new V1VolumeProjection
                {
                    DownwardAPI = new V1DownwardAPIProjection
                    {
                        Items = [new V1DownwardAPIVolumeFile { Path = "namespace", FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = "metadata.namespace" } }],
                    },
                },
            ],
            DefaultMode = DefaultMode,
        },
    };
}
