using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Kubectl;

/// <summary>kubectl describe of a Pod and a Node prints every section a real cluster prints.</summary>
public sealed class KubectlDescribeTests : ServerTest
{
    protected override ApiServerHost StartServer() => DaemonSetKit.Start(nodes: 1);

    [KubectlFact]
    public async Task DescribePod_ShowsStatusConditionsAndScheduledEvent()
    {
        await Kubectl.OkAsync("run", "web", "--image=nginx:1.27", "--labels=app=web");
        var describe = await Eventually.Get(() => Kubectl.OkAsync("describe", "pod", "web"),
            o => o.Contains("Status:           Running", StringComparison.Ordinal) && o.Contains("Ready:          True", StringComparison.Ordinal) && o.Contains("Scheduled", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "pod running with Scheduled event");
        foreach (var section in new[] { "Name:             web", "Namespace:        default", "Node:             node-1/10.0.", "Labels:           app=web",
            "IP:               10.244.", "Containers:", "Image:          nginx:1.27", "State:          Running", "Ready:          True",
            "Conditions:", "PodScheduled ", "QoS Class:", "BestEffort", "Tolerations:", "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
            "Events:", "Successfully assigned default/web to node-1" })
        {
            Assert.Contains(section, describe, StringComparison.Ordinal);
        }
    }

    [KubectlFact]
    public async Task DescribeNode_ShowsCapacityConditionsAndPods()
    {
        await Kubectl.OkAsync("run", "web", "--image=nginx:1.27");
        var describe = await Eventually.Get(() => Kubectl.OkAsync("describe", "node", "node-1"),
            o => o.Contains("default                     web", StringComparison.Ordinal) && o.Contains("HolderIdentity:  node-1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "pod and lease listed on node");
        foreach (var section in new[] { "Name:               node-1", "Roles:              <none>", "kubernetes.io/os=linux", "Taints:             <none>",
            "Unschedulable:      false", "Lease:", "HolderIdentity:  node-1", "Conditions:", "Ready            True", "Addresses:", "InternalIP:",
            "Capacity:", "cpu:", "Allocatable:", "System Info:", "Kubelet Version:            v1.32.4", "Non-terminated Pods:", "Allocated resources:" })
        {
            Assert.Contains(section, describe, StringComparison.Ordinal);
        }
    }
}
