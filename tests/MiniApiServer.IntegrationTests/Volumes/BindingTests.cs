using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Volumes.VolumeKit;

namespace MiniApiServer.IntegrationTests.Volumes;

/// <summary>
/// Static volumes and the PV controller (pv_controller.go syncUnboundClaim, syncVolume, reclaimVolume): the smallest
/// Available volume of the claim's class that holds the request, the bind annotations, and each reclaim policy once
/// the claim is gone. The classes named here do not exist, so the claims bind at once (IsDelayBindingMode is false).
/// </summary>
public sealed class BindingTests : ServerTest
{
    protected override ApiServerHost StartServer() => VolumeKit.Start();

    [Fact]
    public async Task ClaimBindsTheSmallestVolumeThatHoldsIt_AndBothShowTheBind()
    {
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("one", "1Gi", "manual", "/data/one"));
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("ten", "10Gi", "manual", "/data/ten"));
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("five", "5Gi", "manual", "/data/five"));
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("other-class", "3Gi", "fast", "/data/fast"));

        var claim = await Server.Http.CreateAsync(Claims, Claim("data", "2Gi", storageClass: "manual"));

        var bound = await ClaimWhen(Server.Http, "data", c => c.Str("status", "phase") == "Bound", "data bound");
        Assert.Equal("five", bound.Str("spec", "volumeName"));
        Assert.Equal("5Gi", bound.Str("status", "capacity", "storage"));
        Assert.Equal(("yes", "yes"), (bound.Str("metadata", "annotations", "pv.kubernetes.io/bind-completed"), bound.Str("metadata", "annotations", "pv.kubernetes.io/bound-by-controller")));
        var volume = await VolumeWhen(Server.Http, "five", v => v.Str("status", "phase") == "Bound", "five bound");
        Assert.Equal((claim.Str("metadata", "uid"), "data", "default", "PersistentVolumeClaim"),
            (volume.Str("spec", "claimRef", "uid"), volume.Str("spec", "claimRef", "name"), volume.Str("spec", "claimRef", "namespace"), volume.Str("spec", "claimRef", "kind")));
        Assert.Equal("yes", volume.Str("metadata", "annotations", "pv.kubernetes.io/bound-by-controller"));
        Assert.Equal("kubernetes.io/pv-protection", volume["metadata"]!["finalizers"]![0]!.GetValue<string>());
        foreach (var name in new[] { "one", "ten", "other-class" })
        {
            Assert.Equal("Available", (await Server.Http.GetJsonAsync($"{PersistentVolumes}/{name}")).Str("status", "phase"));
        }
    }

    [Fact]
    public async Task ReleasedVolumes_FollowTheirReclaimPolicy()
    {
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("kept", "1Gi", "retain", "/data/kept"));
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("outside-tmp", "1Gi", "delete", "/data/outside", reclaimPolicy: "Delete"));
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("in-tmp", "1Gi", "tmp", "/tmp/in-tmp", reclaimPolicy: "Delete"));
        foreach (var (claim, cls) in new[] { ("a", "retain"), ("b", "delete"), ("c", "tmp") })
        {
            await Server.Http.CreateAsync(Claims, Claim(claim, "1Gi", storageClass: cls));
            await ClaimWhen(Server.Http, claim, c => c.Str("status", "phase") == "Bound", $"{claim} bound");
            await Server.Http.DeleteJsonAsync($"{Claims}/{claim}");
        }

        // Retain: Released, the claimRef (uid included) kept so nothing else binds it.
        var kept = await VolumeWhen(Server.Http, "kept", v => v.Str("status", "phase") == "Released", "kept released");
        Assert.Equal("a", kept.Str("spec", "claimRef", "name"));
        // Delete on a hostPath outside /tmp: the in-tree deleter refuses, the volume fails with its words.
        var failed = await VolumeWhen(Server.Http, "outside-tmp", v => v.Str("status", "phase") == "Failed", "outside-tmp failed");
        Assert.Equal("host_path deleter only supports /tmp/.+ but received provided /data/outside", failed.Str("status", "message"));
        Assert.Contains(("VolumeFailedDelete", "host_path deleter only supports /tmp/.+ but received provided /data/outside", "persistentvolume-controller"),
            await EventsOf(Server.Http, "outside-tmp"));
        // Delete under /tmp: the volume goes.
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{PersistentVolumes}/in-tmp") is null, Deadline, "in-tmp deleted");
    }

    [Fact]
    public async Task ClaimNamingAVolumeThatCannotServeIt_StaysPendingWithVolumeMismatch()
    {
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("small", "1Gi", "manual", "/data/small"));

        await Server.Http.CreateAsync(Claims, Claim("big", "2Gi", storageClass: "manual", extraSpec: ",\"volumeName\":\"small\""));

        await Eventually.True(async () => (await EventsOf(Server.Http, "big")).Contains(
            ("VolumeMismatch", "Cannot bind to requested volume \"small\": requested PV is too small", "persistentvolume-controller")), Deadline, "VolumeMismatch");
        Assert.Equal("Pending", (await Server.Http.GetJsonAsync($"{Claims}/big")).Str("status", "phase"));
        Assert.Equal("Available", (await Server.Http.GetJsonAsync($"{PersistentVolumes}/small")).Str("status", "phase"));
    }
}
