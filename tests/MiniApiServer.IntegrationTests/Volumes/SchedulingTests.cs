using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Volumes.VolumeKit;

namespace MiniApiServer.IntegrationTests.Volumes;

/// <summary>
/// The scheduler's VolumeBinding plugin (pkg/scheduler/framework/plugins/volumebinding): claims that reject a pod on
/// every node (PreFilter), volumes that pin it (Filter), and a local volume found for a claim that waits for its
/// first consumer. Messages are FitError's, with two nodes.
/// </summary>
public sealed class SchedulingTests : ServerTest
{
    protected override ApiServerHost StartServer() => VolumeKit.Start();

    private const string Preemption = " preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";

    [Fact]
    public async Task PodWithAMissingClaim_IsUnschedulable_UntilTheClaimAppears()
    {
        await Server.Http.CreateAsync(Pods, PodUsing("p", "missing"));

        var message = await UnschedulableMessage("p", m => m.Contains("missing", StringComparison.Ordinal));
        Assert.Equal("0/2 nodes are available: persistentvolumeclaim \"missing\" not found." + Preemption, message);

        // The claim's arrival wakes the pod; the default class provisions on the node the scheduler picks.
        await Server.Http.CreateAsync(Claims, Claim("missing", "1Gi"));
        var pod = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/p"), p => p.Str("status", "phase") == "Running", Deadline, "p running");
        var claim = (await Server.Http.GetJsonAsync($"{Claims}/missing"))!;
        Assert.Equal(pod.Str("spec", "nodeName"), claim.Str("metadata", "annotations", "volume.kubernetes.io/selected-node"));
    }

    [Fact]
    public async Task UnboundImmediateClaim_KeepsThePodPending_UntilAVolumeBindsIt()
    {
        await Server.Http.CreateAsync(Claims, Claim("data", "1Gi", storageClass: "manual"));
        await Server.Http.CreateAsync(Pods, PodUsing("p", "data"));

        var message = await UnschedulableMessage("p", m => m.Contains("immediate", StringComparison.Ordinal));
        Assert.Equal("0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims." + Preemption, message);

        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("vol", "1Gi", "manual", "/data/vol"));
        await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/p"), p => p.Str("status", "phase") == "Running", Deadline, "p running once data is bound");
    }

    [Fact]
    public async Task LocalVolumes_WaitForTheFirstConsumer_AndPinThePodToTheirNode()
    {
        await Server.Http.CreateAsync(Classes, Class("local", "kubernetes.io/no-provisioner", "WaitForFirstConsumer"));
        await Server.Http.CreateAsync(Claims, Claim("data", "1Gi", storageClass: "local"));
        await Server.Http.CreateAsync(Pods, PodUsing("p", "data"));

        var message = await UnschedulableMessage("p", m => m.Contains("persistent volumes", StringComparison.Ordinal));
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind." + Preemption, message);
        await Eventually.True(async () => (await EventsOf(Server.Http, "data")).Contains(("WaitForPodScheduled", "waiting for pod p to be scheduled", "persistentvolume-controller")),
            Deadline, "the claim says which pod it waits for");
        Assert.Equal("Pending", (await Server.Http.GetJsonAsync($"{Claims}/data")).Str("status", "phase"));

        // A local volume on node-2: the scheduler pre-binds it to the claim, the PV controller completes the bind.
        await Server.Http.CreateAsync(PersistentVolumes, LocalVolume("disk", "node-2", "local"));
        var pod = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/p"), p => p.Str("spec", "nodeName") is not null, Deadline, "p scheduled");
        Assert.Equal("node-2", pod.Str("spec", "nodeName"));
        var claim = await ClaimWhen(Server.Http, "data", c => c.Str("status", "phase") == "Bound", "data bound");
        Assert.Equal("disk", claim.Str("spec", "volumeName"));
    }

    [Fact]
    public async Task BoundVolumeOnAnotherNode_IsANodeAffinityConflict()
    {
        await Server.Http.CreateAsync(PersistentVolumes, LocalVolume("elsewhere", "node-9", "manual"));
        await Server.Http.CreateAsync(Claims, Claim("data", "1Gi", storageClass: "manual"));
        await ClaimWhen(Server.Http, "data", c => c.Str("status", "phase") == "Bound", "data bound");

        await Server.Http.CreateAsync(Pods, PodUsing("p", "data"));

        var message = await UnschedulableMessage("p", m => m.Contains("affinity", StringComparison.Ordinal));
        Assert.Equal("0/2 nodes are available: 2 node(s) had volume node affinity conflict." + Preemption, message);
    }

    private static string LocalVolume(string name, string node, string storageClass) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolume\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"capacity\":{\"storage\":\"1Gi\"},"
        + "\"accessModes\":[\"ReadWriteOnce\"],\"storageClassName\":\"" + storageClass + "\",\"local\":{\"path\":\"/mnt/disks/" + name + "\"},"
        + "\"nodeAffinity\":{\"required\":{\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"kubernetes.io/hostname\",\"operator\":\"In\",\"values\":[\"" + node + "\"]}]}]}}}}";

    private async Task<string> UnschedulableMessage(string pod, Func<string, bool> match)
    {
        var read = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/{pod}"),
            p => p is not null && Condition(p) is { } c && c.Str("reason") == "Unschedulable" && match(c.Str("message") ?? ""), Deadline, $"{pod} unschedulable");
        var message = Condition(read!)!.Str("message")!;
        // The event is written after the condition, by the recorder's own queue.
        await Eventually.True(async () => (await EventsOf(Server.Http, pod)).Contains(("FailedScheduling", message, "default-scheduler")), Deadline, "FailedScheduling");
        return message;
    }

    private static JsonNode? Condition(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => c.Str("type") == "PodScheduled");
}
