using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Rollouts;
using static MiniApiServer.IntegrationTests.Deployments.WorkloadFixture;

namespace MiniApiServer.IntegrationTests.Deployments;

/// <summary>Ports of test/integration/deployment/deployment_test.go, over HTTP with the official client.</summary>
public sealed class DeploymentIntegrationPortTests : IAsyncLifetime
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
    public async Task NewDeployment_DefaultsRevisionAnnotationsAndConditions()
    {
        var created = await Client.CreateNamespacedDeploymentAsync(Deployment("d", 2), Namespace);
        Assert.Equal("RollingUpdate", created.Spec.Strategy.Type);
        Assert.Equal("25%", created.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal("25%", created.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal(10, created.Spec.RevisionHistoryLimit);
        Assert.Equal(600, created.Spec.ProgressDeadlineSeconds);

        var d = await WaitCompleteAsync(Client, "d");
        Assert.Equal("1", d.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        var available = d.Status.Conditions.Single(c => c.Type == "Available");
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), (available.Status, available.Reason, available.Message));
        var rs = (await ReplicaSetsAsync(Client, "d")).Single();
        Assert.True(ControlledBy(rs.Metadata, d.Metadata.Uid));
        var hash = rs.Metadata.Labels["pod-template-hash"];
        Assert.Equal($"d-{hash}", rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal("1", rs.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("2", rs.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"]);
        Assert.Equal("3", rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]);
        Assert.All(await LivePodsAsync(Client, "d"), p => Assert.Equal(hash, p.Metadata.Labels["pod-template-hash"]));
        var progressing = await Eventually.Get(() => Client.ReadNamespacedDeploymentAsync("d", Namespace),
            x => x.Status.Conditions.Any(c => c.Type == "Progressing" && c.Reason == "NewReplicaSetAvailable"), what: "NewReplicaSetAvailable");
        Assert.Equal($"ReplicaSet \"d-{hash}\" has successfully progressed.", progressing.Status.Conditions.Single(c => c.Type == "Progressing").Message);
    }

    [Fact]
    public async Task Replicas_SpreadOverTheNodes()
    {
        await Client.CreateNamespacedDeploymentAsync(Deployment("d", 6), Namespace);
        await WaitCompleteAsync(Client, "d");
        var perNode = (await LivePodsAsync(Client, "d")).GroupBy(p => p.Spec.NodeName).Select(g => g.Count()).ToList();
        Assert.Equal([2, 2, 2], perNode);
    }

    [Fact]
    public async Task RollingUpdate_SurgeAndUnavailableBounds_HoldOnEveryWatchedState()
    {
        const int replicas = 6, maxSurge = 2, maxUnavailable = 1;
        await Client.CreateNamespacedDeploymentAsync(Deployment("d", replicas, Rolling(maxSurge, maxUnavailable)), Namespace);
        await WaitCompleteAsync(Client, "d");
        var violations = new List<string>();
        var images = new HashSet<string>();
        await using (var watch = await PodWatch.StartAsync(_server.Http, (_, _, pods) =>
        {
            var live = pods.Where(p => p.Metadata.DeletionTimestamp is null && IsOf(p, "d")).ToList();
            var ready = live.Count(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
            lock (violations)
            {
                images.UnionWith(live.Select(p => p.Spec.Containers[0].Image));
                if (live.Count > replicas + maxSurge)
                {
                    violations.Add($"{live.Count} pods > {replicas + maxSurge}");
                }
                if (ready < replicas - maxUnavailable)
                {
                    violations.Add($"{ready} ready pods < {replicas - maxUnavailable}");
                }
            }
        }))
        {
            await Client.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"fake-name","image":"fakeimage:v2"}]}}}}""",
                V1Patch.PatchType.StrategicMergePatch), "d", Namespace);
            var d = await WaitCompleteAsync(Client, "d");
            Assert.Equal("2", d.Metadata.Annotations["deployment.kubernetes.io/revision"]);
            await watch.CatchUpAsync();
        }
        Assert.Empty(violations);
        Assert.Equal(["fakeimage", "fakeimage:v2"], images.Order());
        Assert.All(await LivePodsAsync(Client, "d"), p => Assert.Equal("fakeimage:v2", p.Spec.Containers[0].Image));
        var rss = await ReplicaSetsAsync(Client, "d");
        Assert.Equal([0, replicas], rss.Select(r => r.Spec.Replicas ?? 0).Order());
    }

    [Fact]
    public async Task Recreate_OldPodsAreGoneBeforeNewOnesExist()
    {
        await Client.CreateNamespacedDeploymentAsync(Deployment("d", 3, new V1DeploymentStrategy { Type = "Recreate" }), Namespace);
        await WaitCompleteAsync(Client, "d");
        var mixed = new List<string>();
        await using (var watch = await PodWatch.StartAsync(_server.Http, (_, _, pods) =>
        {
            var imagesNow = pods.Where(p => IsOf(p, "d")).Select(p => p.Spec.Containers[0].Image).Distinct().ToList();
            if (imagesNow.Count > 1)
            {
                lock (mixed)
                {
                    mixed.Add(string.Join(",", imagesNow));
                }
            }
        }))
        {
            await Client.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"fake-name","image":"fakeimage:v2"}]}}}}""",
                V1Patch.PatchType.StrategicMergePatch), "d", Namespace);
            await WaitCompleteAsync(Client, "d");
            await watch.CatchUpAsync();
        }
        Assert.Empty(mixed);
        Assert.All(await LivePodsAsync(Client, "d"), p => Assert.Equal("fakeimage:v2", p.Spec.Containers[0].Image));
    }

    [Fact]
    public async Task Paused_TemplateChangeWaits_ScalingDoesNot_ResumeRollsOut()
    {
        var paused = Deployment("d", 2);
        paused.Spec.Paused = true;
        await Client.CreateNamespacedDeploymentAsync(paused, Namespace);
        var d = await Eventually.Get(() => Client.ReadNamespacedDeploymentAsync("d", Namespace), x => x.Status?.ObservedGeneration == 1, what: "observed");
        Assert.Empty(await ReplicaSetsAsync(Client, "d"));
        Assert.Equal(("Unknown", "DeploymentPaused"), d.Status.Conditions.Where(c => c.Type == "Progressing").Select(c => (c.Status, c.Reason)).Single());

        await Client.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"paused":false}}""", V1Patch.PatchType.MergePatch), "d", Namespace);
        await WaitCompleteAsync(Client, "d");
        await Client.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"paused":true}}""", V1Patch.PatchType.MergePatch), "d", Namespace);
        await Client.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":4,"template":{"spec":{"containers":[{"name":"fake-name","image":"fakeimage:v2"}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), "d", Namespace);
        // TestScalePausedDeployment: a paused Deployment still scales its current ReplicaSet.
        await WaitCompleteAsyncIgnoringTemplate("d", 4);
        var rss = await ReplicaSetsAsync(Client, "d");
        Assert.Equal(4, rss.Single().Spec.Replicas);
        Assert.All(await LivePodsAsync(Client, "d"), p => Assert.Equal("fakeimage", p.Spec.Containers[0].Image));

        await Client.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"paused":false}}""", V1Patch.PatchType.MergePatch), "d", Namespace);
        await WaitCompleteAsync(Client, "d");
        await Eventually.True(async () => (await LivePodsAsync(Client, "d")) is var pods && pods.Count == 4 && pods.All(p => p.Spec.Containers[0].Image == "fakeimage:v2"), what: "rolled out");
    }

    [Fact]
    public async Task Rollback_ReusesTheOldReplicaSet_WithTheNextRevision()
    {
        await Client.CreateNamespacedDeploymentAsync(Deployment("d", 2), Namespace);
        await WaitCompleteAsync(Client, "d");
        var first = (await ReplicaSetsAsync(Client, "d")).Single();
        await SetImageAsync("fakeimage:v2");
        await WaitCompleteAsync(Client, "d");
        await SetImageAsync("fakeimage");
        var d = await WaitCompleteAsync(Client, "d");
        await Eventually.True(async () => (await Client.ReadNamespacedReplicaSetAsync(first.Metadata.Name, Namespace)).Metadata.Annotations["deployment.kubernetes.io/revision"] == "3",
            what: "old ReplicaSet renumbered to 3");
        var reused = await Client.ReadNamespacedReplicaSetAsync(first.Metadata.Name, Namespace);
        Assert.Equal("1", reused.Metadata.Annotations["deployment.kubernetes.io/revision-history"]);
        Assert.Equal(2, reused.Spec.Replicas);
        Assert.Equal(2, (await ReplicaSetsAsync(Client, "d")).Count);
        d = await Eventually.Get(() => Client.ReadNamespacedDeploymentAsync("d", Namespace), x => x.Metadata.Annotations["deployment.kubernetes.io/revision"] == "3", what: "deployment revision 3");
        Assert.NotNull(d);
    }

    [Fact]
    public async Task ProgressDeadline_Exceeded_WhenPodsNeverBecomeReady()
    {
        var stuck = Deployment("d", 1);
        stuck.Spec.ProgressDeadlineSeconds = 1;
        stuck.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["no-such-node"] = "true" };
        await Client.CreateNamespacedDeploymentAsync(stuck, Namespace);
        var d = await Eventually.Get(() => Client.ReadNamespacedDeploymentAsync("d", Namespace),
            x => x.Status?.Conditions?.Any(c => c.Type == "Progressing" && c.Reason == "ProgressDeadlineExceeded") == true, TimeSpan.FromSeconds(30), "timed out");
        var rs = (await ReplicaSetsAsync(Client, "d")).Single();
        var progressing = d.Status.Conditions.Single(c => c.Type == "Progressing");
        Assert.Equal("False", progressing.Status);
        Assert.Equal($"ReplicaSet \"{rs.Metadata.Name}\" has timed out progressing.", progressing.Message);
        Assert.Equal(("False", "MinimumReplicasUnavailable"), d.Status.Conditions.Where(c => c.Type == "Available").Select(c => (c.Status, c.Reason)).Single());
    }

    [Fact]
    public async Task RevisionHistoryLimit_DeletesTheOldestEmptyReplicaSets()
    {
        var d = Deployment("d", 1);
        d.Spec.RevisionHistoryLimit = 1;
        await Client.CreateNamespacedDeploymentAsync(d, Namespace);
        await WaitCompleteAsync(Client, "d");
        foreach (var image in new[] { "fakeimage:v2", "fakeimage:v3", "fakeimage:v4" })
        {
            await SetImageAsync(image);
            await WaitCompleteAsync(Client, "d");
        }
        var rss = await Eventually.Get(() => ReplicaSetsAsync(Client, "d"), r => r.Count == 2, what: "new + 1 old ReplicaSet");
        Assert.Equal(["3", "4"], rss.Select(r => r.Metadata.Annotations["deployment.kubernetes.io/revision"]).Order());
    }

    [Fact]
    public async Task ScaleSubresource_TakesAProtobufScale()
    {
        await Client.CreateNamespacedDeploymentAsync(Deployment("d", 1), Namespace);
        using var body = new ByteArrayContent(ProtobufScale("d", 3));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        var response = await _server.Http.PutAsync("/apis/apps/v1/namespaces/default/deployments/d/scale", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"kind\":\"Scale\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, (await Client.ReadNamespacedDeploymentScaleAsync("d", Namespace)).Spec.Replicas);
        await WaitCompleteAsync(Client, "d");
        Assert.Equal(3, (await LivePodsAsync(Client, "d")).Count);
    }

    [Fact]
    public async Task Validation_ProgressDeadlineMustExceedMinReadySeconds()
    {
        var bad = Deployment("d", 1);
        bad.Spec.MinReadySeconds = 10;
        bad.Spec.ProgressDeadlineSeconds = 10;
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CreateNamespacedDeploymentAsync(bad, Namespace));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.Response.StatusCode);
        Assert.Contains("spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds", ex.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CascadingDelete_RemovesReplicaSetsAndPods()
    {
        await Client.CreateNamespacedDeploymentAsync(Deployment("d", 2), Namespace);
        await WaitCompleteAsync(Client, "d");
        await Client.DeleteNamespacedDeploymentAsync("d", Namespace, propagationPolicy: "Foreground");
        await Eventually.True(async () => (await ReplicaSetsAsync(Client, "d")).Count == 0
            && (await Client.ListNamespacedPodAsync(Namespace, labelSelector: "name=d")).Items.Count == 0
            && (await Client.ListNamespacedDeploymentAsync(Namespace)).Items.Count == 0, TimeSpan.FromSeconds(30), "deployment, replica sets and pods gone");
    }

    private static bool IsOf(V1Pod pod, string name) => pod.Metadata.Labels is { } l && l.TryGetValue("name", out var v) && v == name;

    private Task SetImageAsync(string image) =>
        Client.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"fake-name","image":""" + System.Text.Json.JsonSerializer.Serialize(image) + "}]}}}}",
            V1Patch.PatchType.StrategicMergePatch), "d", Namespace);

    private Task<V1Deployment> WaitCompleteAsyncIgnoringTemplate(string name, int replicas) =>
        Eventually.Get(() => Client.ReadNamespacedDeploymentAsync(name, Namespace),
            d => d.Status?.ObservedGeneration >= d.Metadata.Generation && d.Status.Replicas == replicas && d.Status.AvailableReplicas == replicas,
            TimeSpan.FromSeconds(30), $"{name} scaled to {replicas}");

    /// <summary>
    /// An autoscaling/v1 Scale in the k8s protobuf envelope, written by hand from generated.proto: Unknown{typeMeta=1
    /// {apiVersion=1, kind=2}, raw=2}; Scale{metadata=1 {name=1}, spec=2 {replicas=1}}.
    /// </summary>
    private static byte[] ProtobufScale(string name, int replicas)
    {
        var meta = Field(1, Encoding.UTF8.GetBytes(name));
        var spec = (byte[])[0x08, (byte)replicas];
        var scale = (byte[])[.. Field(1, meta), .. Field(2, spec)];
        var typeMeta = (byte[])[.. Field(1, "autoscaling/v1"u8.ToArray()), .. Field(2, "Scale"u8.ToArray())];
        return [.. "k8s\0"u8.ToArray(), .. Field(1, typeMeta), .. Field(2, scale)];
    }

    private static byte[] Field(int number, byte[] value) => [(byte)((number << 3) | 2), (byte)value.Length, .. value];
}
