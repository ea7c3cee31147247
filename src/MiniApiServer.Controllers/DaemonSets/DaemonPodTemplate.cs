using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// Builds the pod for one node: CreatePodTemplate + GetPodFromTemplate + the per-node affinity of
/// ReplaceDaemonSetPodNodeNameNodeAffinity (pkg/controller/daemon/util/daemonset_util.go, controller_utils.go).
/// </summary>
public static class DaemonPodTemplate
{
    private static readonly (string Key, string Effect)[] AlwaysTolerated =
    [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];

    /// <summary>AddOrUpdateDaemonPodTolerations: operator Exists, no tolerationSeconds, so outages never evict.</summary>
    public static List<V1Toleration> WithDaemonTolerations(IEnumerable<V1Toleration>? existing, bool hostNetwork)
    {
        var result = (existing ?? []).ToList();
        var required = AlwaysTolerated.AsEnumerable();
        if (hostNetwork)
        {
            required = required.Append(("node.kubernetes.io/network-unavailable", "NoSchedule"));
        }
        foreach (var (key, effect) in required)
        {
            var toleration = new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = effect };
            var idx = result.FindIndex(t => t.Key == key && t.Effect == effect && t.OperatorProperty == "Exists");
            if (idx >= 0)
            {
                result[idx] = toleration;
            }
            else
            {
                result.Add(toleration);
            }
        }
        return result;
    }

    public static V1Pod Build(V1DaemonSet ds, string nodeName, string hash)
    {
        var template = ds.Spec.Template;
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            [DaemonPods.RevisionHashLabel] = hash,
            [DaemonPods.TemplateGenerationLabel] = DaemonSetStrategy.TemplateGeneration(ds).ToString(CultureInfo.InvariantCulture),
        };
        var spec = ModelCodec.Decode<V1PodSpec>(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(template.Spec, ModelCodec.Options));
        spec.Tolerations = WithDaemonTolerations(spec.Tolerations, spec.HostNetwork == true);
        spec.Affinity ??= new V1Affinity();
        spec.Affinity.NodeAffinity ??= new V1NodeAffinity();
        spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
        {
            NodeSelectorTerms =
            [
                new V1NodeSelectorTerm
                {
                    MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [nodeName] }],
                },
            ],
        };
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = ds.Metadata.Name + "-",
                NamespaceProperty = ds.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : null,
                Finalizers = template.Metadata?.Finalizers?.ToList(),
                OwnerReferences = [OwnerRef(ds)],
            },
            Spec = spec,
        };
    }

    public static V1OwnerReference OwnerRef(V1DaemonSet ds) => ControllerRefs.New(ds.Metadata, "apps/v1", "DaemonSet");
}
