using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Volumes.VolumeKit;

namespace MiniApiServer.IntegrationTests.Volumes;

/// <summary>
/// The failure paths of binding a pod's volumes: a provisioner that refuses the claim leaves the scheduler's
/// PreBind waiting until its timeout (3 s here, 600 s by default), which fails the cycle as upstream words it;
/// an in-tree provisioner name this server has no plugin for is the PV controller's ProvisioningFailed.
/// </summary>
public sealed class BindTimeoutTests : ServerTest
{
    protected override ApiServerHost StartServer() => VolumeKit.Start(bindTimeout: "00:00:03");

    [Fact]
    public async Task ClaimTheProvisionerRefuses_FailsThePodsBindingAfterTheTimeout()
    {
        await Server.Http.CreateAsync(Claims, Claim("shared", "1Gi", extraSpec: "").Replace("ReadWriteOnce", "ReadWriteMany", StringComparison.Ordinal));
        await Server.Http.CreateAsync(Pods, PodUsing("p", "shared"));

        await Eventually.True(async () => (await EventsOf(Server.Http, "shared")).Contains(
            ("ProvisioningFailed", "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes", "sim.miniapiserver.io/local-path")),
            Deadline, "the provisioner's refusal");
        var pod = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/p"),
            p => p?["status"]?["conditions"]?.AsArray().Any(c => c.Str("reason") == "SchedulerError") == true, Deadline, "the binding cycle failed");
        var condition = pod!["status"]!["conditions"]!.AsArray().Single(c => c.Str("type") == "PodScheduled")!;
        Assert.Equal(("False", "running PreBind plugin \"VolumeBinding\": binding volumes: context deadline exceeded"), (condition.Str("status"), condition.Str("message")));
        Assert.Null(pod.Str("spec", "nodeName"));
        await Eventually.True(async () => (await EventsOf(Server.Http, "p")).Contains(
            ("FailedScheduling", "running PreBind plugin \"VolumeBinding\": binding volumes: context deadline exceeded", "default-scheduler")), Deadline, "FailedScheduling");
    }

    [Fact]
    public async Task InTreeProvisionerWithoutAPlugin_IsProvisioningFailed()
    {
        await Server.Http.CreateAsync(Classes, Class("local-immediate", "kubernetes.io/no-provisioner", "Immediate"));
        await Server.Http.CreateAsync(Claims, Claim("data", "1Gi", storageClass: "local-immediate"));

        await Eventually.True(async () => (await EventsOf(Server.Http, "data")).Contains(
            ("ProvisioningFailed", "no volume plugin matched name: kubernetes.io/no-provisioner", "persistentvolume-controller")), Deadline, "ProvisioningFailed");
        var claim = (await Server.Http.GetJsonAsync($"{Claims}/data"))!;
        Assert.Equal("Pending", claim.Str("status", "phase"));
        Assert.Null(claim.Str("metadata", "annotations", "volume.kubernetes.io/storage-provisioner"));
    }
}
