using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Rollouts;
using static MiniApiServer.IntegrationTests.Deployments.WorkloadFixture;

namespace MiniApiServer.IntegrationTests.Deployments;

/// <summary>Ports of test/integration/replicaset/replicaset_test.go, over HTTP with the official client.</summary>
public sealed class ReplicaSetIntegrationPortTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    private Kubernetes Client => _server.Client;

    public Task InitializeAsync()
    {
        _server = RolloutFixture.Start(nodes: 3);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Adoption_OrphanMatchingPodIsAdopted_AndNoExtraPodCreated()
    {
        await Client.CreateNamespacedPodAsync(MatchingPod("pod1", "rs"), Namespace);
        var rs = await Client.CreateNamespacedReplicaSetAsync(ReplicaSet("rs", 1), Namespace);
        await Eventually.True(async () => ControlledBy((await Client.ReadNamespacedPodAsync("pod1", Namespace)).Metadata, rs.Metadata.Uid), what: "pod1 adopted");
        var status = await Eventually.Get(() => Client.ReadNamespacedReplicaSetAsync("rs", Namespace), r => r.Status?.ReadyReplicas == 1, what: "rs ready");
        Assert.Equal(1, status.Status.Replicas);
        Assert.Single(await LivePodsAsync(Client, "rs"));
    }

    [Fact]
    public async Task SpecReplicasChange_CreatesAndDeletes_AndStatusFollows()
    {
        await Client.CreateNamespacedReplicaSetAsync(ReplicaSet("rs", 2), Namespace);
        await WaitReadyAsync("rs", 2);
        await Client.PatchNamespacedReplicaSetAsync(new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "rs", Namespace);
        var rs = await WaitReadyAsync("rs", 3);
        Assert.Equal(3, rs.Status.FullyLabeledReplicas);
        Assert.Equal(rs.Metadata.Generation, rs.Status.ObservedGeneration);
        await Client.PatchNamespacedReplicaSetAsync(new V1Patch("""{"spec":{"replicas":0}}""", V1Patch.PatchType.MergePatch), "rs", Namespace);
        await Eventually.True(async () => (await LivePodsAsync(Client, "rs")).Count == 0, what: "scaled to 0");
        await WaitReadyAsync("rs", 0);
    }

    [Fact]
    public async Task PodOrphaningAndAdoptionWhenLabelsChange()
    {
        var rs = await Client.CreateNamespacedReplicaSetAsync(ReplicaSet("rs", 1), Namespace);
        await WaitReadyAsync("rs", 1);
        var pod = (await LivePodsAsync(Client, "rs")).Single();

        // Relabelled away from the selector: released (no ownerReference left) and replaced.
        await Client.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"name":"other"}}}""", V1Patch.PatchType.MergePatch), pod.Metadata.Name, Namespace);
        await Eventually.True(async () => (await Client.ReadNamespacedPodAsync(pod.Metadata.Name, Namespace)).Metadata.OwnerReferences is null, what: "pod released");
        await Eventually.True(async () => (await LivePodsAsync(Client, "rs")).Count == 1, what: "replacement created");

        // Relabelled back: adopted again, and the excess pod deleted.
        await Client.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"labels":{"name":"rs"}}}""", V1Patch.PatchType.MergePatch), pod.Metadata.Name, Namespace);
        await Eventually.True(async () =>
        {
            var live = await LivePodsAsync(Client, "rs");
            return live.Count == 1 && live.All(p => ControlledBy(p.Metadata, rs.Metadata.Uid));
        }, what: "adopted and scaled back to 1");
    }

    [Fact]
    public async Task DeletedPod_IsReplaced()
    {
        await Client.CreateNamespacedReplicaSetAsync(ReplicaSet("rs", 2), Namespace);
        await WaitReadyAsync("rs", 2);
        var victim = (await LivePodsAsync(Client, "rs"))[0];
        await Client.DeleteNamespacedPodAsync(victim.Metadata.Name, Namespace);
        await Eventually.True(async () =>
        {
            var live = await LivePodsAsync(Client, "rs");
            return live.Count == 2 && live.All(p => p.Metadata.Uid != victim.Metadata.Uid);
        }, what: "replacement");
        var events = await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: "involvedObject.name=rs");
        Assert.Contains(events.Items, e => e.Reason == "SuccessfulCreate" && e.Message.StartsWith("Created pod: rs-", StringComparison.Ordinal) && e.Source.Component == "replicaset-controller");
    }

    [Fact]
    public async Task SelectorImmutability()
    {
        await Client.CreateNamespacedReplicaSetAsync(ReplicaSet("rs", 0), Namespace);
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => Client.PatchNamespacedReplicaSetAsync(
            new V1Patch("""{"spec":{"selector":{"matchLabels":{"name":"rs","x":"y"}},"template":{"metadata":{"labels":{"name":"rs","x":"y"}}}}}""", V1Patch.PatchType.MergePatch), "rs", Namespace));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.Response.StatusCode);
        // 1.32's field.Error prints the *LabelSelector with %#v (its String() has a pointer receiver).
        Assert.Contains("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\\\"name\\\":\\\"rs\\\", \\\"x\\\":\\\"y\\\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
            ex.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DefaultsReplicas_AndRejectsMismatchedTemplateLabels()
    {
        var rs = ReplicaSet("rs", 1);
        rs.Spec.Replicas = null;
        Assert.Equal(1, (await Client.CreateNamespacedReplicaSetAsync(rs, Namespace)).Spec.Replicas);
        var bad = ReplicaSet("bad", 1);
        bad.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["name"] = "other" };
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CreateNamespacedReplicaSetAsync(bad, Namespace));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.Response.StatusCode);
        Assert.Contains("`selector` does not match template `labels`", ex.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScaleSubresource_GetPutPatch_AndRejectsNegative()
    {
        await Client.CreateNamespacedReplicaSetAsync(ReplicaSet("rs", 1), Namespace);
        // Settled first: a status write between the GET and the PUT would make the PUT a (correct) conflict.
        await WaitReadyAsync("rs", 1);
        var scale = await Client.ReadNamespacedReplicaSetScaleAsync("rs", Namespace);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal(1, scale.Spec.Replicas);
        Assert.Equal("name=rs", scale.Status.Selector);

        scale.Spec.Replicas = 3;
        Assert.Equal(3, (await Client.ReplaceNamespacedReplicaSetScaleAsync(scale, "rs", Namespace)).Spec.Replicas);
        Assert.Equal(3, (await Client.ReadNamespacedReplicaSetAsync("rs", Namespace)).Spec.Replicas);
        await WaitReadyAsync("rs", 3);

        // A stale resourceVersion in the Scale is a precondition on the ReplicaSet.
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Client.ReplaceNamespacedReplicaSetScaleAsync(scale, "rs", Namespace));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);

        await Client.PatchNamespacedReplicaSetScaleAsync(new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "rs", Namespace);
        await WaitReadyAsync("rs", 2);

        using var negative = new StringContent("""{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"rs"},"spec":{"replicas":-1}}""", Encoding.UTF8, "application/json");
        var response = await _server.Http.PutAsync("/apis/apps/v1/namespaces/default/replicasets/rs/scale", negative);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Scale.autoscaling \\\"rs\\\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CascadingDelete_RemovesPods_OrphanKeepsThem()
    {
        await Client.CreateNamespacedReplicaSetAsync(ReplicaSet("gone", 2), Namespace);
        await Client.CreateNamespacedReplicaSetAsync(ReplicaSet("kept", 2), Namespace);
        await WaitReadyAsync("gone", 2);
        await WaitReadyAsync("kept", 2);

        await Client.DeleteNamespacedReplicaSetAsync("gone", Namespace, propagationPolicy: "Background");
        await Eventually.True(async () => (await Client.ListNamespacedPodAsync(Namespace, labelSelector: "name=gone")).Items.Count == 0, what: "pods of gone deleted");

        await Client.DeleteNamespacedReplicaSetAsync("kept", Namespace, propagationPolicy: "Orphan");
        await Eventually.True(async () => (await Client.ListNamespacedReplicaSetAsync(Namespace)).Items.All(r => r.Metadata.Name != "kept"), what: "kept deleted");
        var orphans = await Eventually.Get(() => LivePodsAsync(Client, "kept"), pods => pods.All(p => p.Metadata.OwnerReferences is null), what: "pods orphaned");
        Assert.Equal(2, orphans.Count);
    }

    private Task<V1ReplicaSet> WaitReadyAsync(string name, int replicas) =>
        Eventually.Get(() => Client.ReadNamespacedReplicaSetAsync(name, Namespace),
            r => r.Status?.Replicas == replicas && (r.Status.ReadyReplicas ?? 0) == replicas && (r.Status.AvailableReplicas ?? 0) == replicas
                && r.Status.ObservedGeneration == r.Metadata.Generation,
            TimeSpan.FromSeconds(30), $"{name} has {replicas} ready");
}
