using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.UnitTests.DaemonSets;

/// <summary>Builders in the shape of daemon_controller_test.go's newNode / newDaemonSet / newPod.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static V1Node Node(string name, IDictionary<string, string>? labels = null, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string>() },
        Spec = new V1NodeSpec { Taints = taints.ToList() },
    };

    public static V1DaemonSet DaemonSet(string strategy = "RollingUpdate", string maxUnavailable = "1", string maxSurge = "0")
    {
        var ds = new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "foo", NamespaceProperty = "default", Uid = "ds-uid", Generation = 1,
                Annotations = new Dictionary<string, string> { [DaemonSetStrategy.TemplateGenerationAnnotation] = "1" } },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["name"] = "simple-daemon" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["name"] = "simple-daemon" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "foo", Image = "foo/bar" }] },
                },
                UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = strategy },
            },
            Status = new V1DaemonSetStatus(),
        };
        if (strategy == "RollingUpdate")
        {
            ds.Spec.UpdateStrategy.RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = Parse(maxUnavailable), MaxSurge = Parse(maxSurge) };
        }
        return ds;
    }

    private static IntOrString Parse(string v) => int.TryParse(v, out var i) ? i : v;

    public static V1Pod Pod(string name, string node, string hash = "h1", bool ready = true, string phase = "Running", int ageSeconds = 100, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = "uid-" + name,
            CreationTimestamp = Now.AddSeconds(-ageSeconds).UtcDateTime,
            DeletionTimestamp = deleting ? Now.UtcDateTime : null,
            Labels = new Dictionary<string, string> { ["name"] = "simple-daemon", ["controller-revision-hash"] = hash },
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "foo", Image = "foo/bar" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.AddSeconds(-50).UtcDateTime }],
        },
    };

    public static List<V1Node> NodeList(int count) => Enumerable.Range(0, count).Select(i => Node($"node-{i}")).ToList();

    public static Dictionary<string, List<V1Pod>> ByNode(params V1Pod[] pods) =>
        pods.GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.ToList());
}
