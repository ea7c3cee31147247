using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.DaemonSets;

/// <summary>
/// The e2e framework helpers of test/e2e/apps/daemon_set.go and test/e2e/framework/daemonset/fixtures.go:
/// NewDaemonSet, CheckRunningOnAllNodes, CheckDaemonStatus, checkRunningOnNoNodes.
/// </summary>
internal static class DaemonSetKit
{
    public const string Namespace = "default";

    public static ApiServerHost Start(int nodes) => ApiServerHost.Start(nodes: nodes, settings: new Dictionary<string, string>
    {
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
        ["Controllers:SimulatedMaxGracePeriod"] = "00:00:00.200",
        ["Controllers:PodGcPeriod"] = "00:00:00.250",
        ["Controllers:PodGcQuarantine"] = "00:00:00.500",
    });

    public static V1DaemonSet NewDaemonSet(string name, string image = "httpd:2.4", IDictionary<string, string>? labels = null)
    {
        var selector = new Dictionary<string, string>(labels ?? new Dictionary<string, string> { ["daemonset-name"] = name });
        return new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(selector) },
                    Spec = new V1PodSpec
                    {
                        Containers = [new V1Container { Name = "app", Image = image, Ports = [new V1ContainerPort { ContainerPort = 9376 }] }],
                    },
                },
            },
        };
    }

    public static async Task<List<V1Pod>> DaemonPods(Kubernetes client, V1DaemonSet ds)
    {
        var pods = await client.ListNamespacedPodAsync(Namespace);
        return pods.Items.Where(p => p.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == ds.Metadata.Uid) == true).ToList();
    }

    /// <summary>CheckDaemonPodOnNodes: exactly one available, non-deleting controlled pod on each listed node and none elsewhere.</summary>
    public static async Task<bool> RunningExactlyOn(Kubernetes client, V1DaemonSet ds, IReadOnlyCollection<string> nodes)
    {
        var live = await client.ReadNamespacedDaemonSetAsync(ds.Metadata.Name, Namespace);
        var perNode = (await DaemonPods(client, live))
            .Where(p => p.Metadata.DeletionTimestamp is null && IsReady(p) && !string.IsNullOrEmpty(p.Spec.NodeName))
            .GroupBy(p => p.Spec.NodeName)
            .ToDictionary(g => g.Key, g => g.Count());
        return perNode.Count == nodes.Count && nodes.All(n => perNode.TryGetValue(n, out var c) && c == 1);
    }

    public static async Task WaitRunningExactlyOn(Kubernetes client, V1DaemonSet ds, params string[] nodes) =>
        await Eventually.True(() => RunningExactlyOn(client, ds, nodes), TimeSpan.FromSeconds(30), $"daemon pods on exactly [{string.Join(",", nodes)}]");

    /// <summary>CheckDaemonStatus: a single read, desired == current == ready.</summary>
    public static async Task CheckDaemonStatus(Kubernetes client, string name)
    {
        var ds = await Eventually.Get(() => client.ReadNamespacedDaemonSetAsync(name, Namespace),
            d => d.Status.DesiredNumberScheduled == d.Status.NumberReady && d.Status.ObservedGeneration == d.Metadata.Generation,
            what: "status caught up");
        Assert.Equal(ds.Status.DesiredNumberScheduled, ds.Status.CurrentNumberScheduled);
        Assert.Equal(ds.Status.DesiredNumberScheduled, ds.Status.NumberReady);
    }

    public static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static async Task<string[]> NodeNames(Kubernetes client) =>
        (await client.ListNodeAsync()).Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).ToArray();

    public static V1Node FakeNode(string name, IDictionary<string, string>? labels = null, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = labels,
            Annotations = new Dictionary<string, string> { ["kwok.x-k8s.io/node"] = "fake" },
        },
        Spec = new V1NodeSpec { Taints = taints.Length == 0 ? null : taints },
    };

    public static Task PatchNodeLabels(Kubernetes client, string node, string labelsJson) =>
        client.PatchNodeAsync(new V1Patch("{\"metadata\":{\"labels\":" + labelsJson + "}}", V1Patch.PatchType.MergePatch), node);
}
