using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Rollouts;

namespace MiniApiServer.IntegrationTests.Deployments;

/// <summary>
/// The objects of test/integration/replicaset and test/integration/deployment (newRS, newDeployment, newMatchingPod):
/// selector and template labels {name: NAME}, one container "fake-name" with image "fakeimage".
/// </summary>
internal static class WorkloadFixture
{
    public const string Namespace = RolloutFixture.Namespace;

    public static Dictionary<string, string> Labels(string name) => new() { ["name"] = name };

    public static V1PodTemplateSpec Template(string name, string image = "fakeimage") => new()
    {
        Metadata = new V1ObjectMeta { Labels = Labels(name) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "fake-name", Image = image }] },
    };

    public static V1ReplicaSet ReplicaSet(string name, int replicas) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Spec = new V1ReplicaSetSpec { Replicas = replicas, Selector = new V1LabelSelector { MatchLabels = Labels(name) }, Template = Template(name) },
    };

    public static V1Deployment Deployment(string name, int replicas, V1DeploymentStrategy? strategy = null) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = Labels(name) },
            Template = Template(name),
            Strategy = strategy,
        },
    };

    public static V1DeploymentStrategy Rolling(IntOrString maxSurge, IntOrString maxUnavailable) =>
        new() { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = maxUnavailable } };

    public static V1Pod MatchingPod(string podName, string labelName) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = podName, NamespaceProperty = Namespace, Labels = Labels(labelName) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "fake-name", Image = "fakeimage" }] },
    };

    /// <summary>The pods a selector matches that are not being deleted.</summary>
    public static async Task<List<V1Pod>> LivePodsAsync(Kubernetes client, string name) =>
        [.. (await client.ListNamespacedPodAsync(Namespace, labelSelector: $"name={name}")).Items.Where(p => p.Metadata.DeletionTimestamp is null)];

    public static async Task<List<V1ReplicaSet>> ReplicaSetsAsync(Kubernetes client, string name) =>
        [.. (await client.ListNamespacedReplicaSetAsync(Namespace, labelSelector: $"name={name}")).Items];

    public static bool ControlledBy(V1ObjectMeta meta, string uid) => meta.OwnerReferences?.Any(o => o.Controller == true && o.Uid == uid) == true;

    /// <summary>waitForDeploymentComplete: the latest generation observed and every replica updated and available.</summary>
    public static Task<V1Deployment> WaitCompleteAsync(Kubernetes client, string name, TimeSpan? timeout = null) =>
        Eventually.Get(() => client.ReadNamespacedDeploymentAsync(name, Namespace),
            d => d.Status?.ObservedGeneration >= d.Metadata.Generation && d.Status.UpdatedReplicas == d.Spec.Replicas
                && d.Status.Replicas == d.Spec.Replicas && d.Status.AvailableReplicas == d.Spec.Replicas,
            timeout ?? TimeSpan.FromSeconds(60), $"deployment {name} complete");
}
