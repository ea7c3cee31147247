using System.Text.RegularExpressions;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.StatefulSets;
using static MiniApiServer.IntegrationTests.Volumes.VolumeKit;

namespace MiniApiServer.IntegrationTests.Volumes;

/// <summary>
/// Dynamic provisioning through the default StorageClass, as on k3s with rancher.io/local-path: a claim waits for
/// its first consumer (WaitForFirstConsumer), the scheduler gives it the pod's node, the provisioner makes a local
/// volume pinned there, the PV controller binds both; a deleted claim's volume goes with it (reclaim policy Delete).
/// </summary>
public sealed class ProvisioningTests : ServerTest
{
    protected override ApiServerHost StartServer() => VolumeKit.Start();

    [KubectlFact]
    public async Task StatefulSetClaims_AreProvisionedOnTheirPodsNodes_AndBound()
    {
        var classes = await Kubectl.OkAsync("get", "storageclass");
        Assert.Matches(new Regex(@"^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\n"
            + @"standard \(default\)\s+sim\.miniapiserver\.io/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+\S+\n$"), classes);

        const string templates = ",\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"www\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}]";
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 2, extraSpec: templates));

        var pods = await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "web"),
            p => p.Count == 2 && p.Values.All(pod => pod.Str("status", "phase") == "Running"), StatefulSetKit.Deadline, "web-0 and web-1 running");
        foreach (var (podName, pod) in pods)
        {
            var claim = await ClaimWhen(Server.Http, "www-" + podName, c => c.Str("status", "phase") == "Bound", $"www-{podName} bound");
            // The default class was given to a claim that named none (DefaultStorageClass admission).
            Assert.Equal("standard", claim.Str("spec", "storageClassName"));
            var node = pod.Str("spec", "nodeName")!;
            Assert.Equal(node, claim.Str("metadata", "annotations", "volume.kubernetes.io/selected-node"));
            Assert.Equal("sim.miniapiserver.io/local-path", claim.Str("metadata", "annotations", "volume.kubernetes.io/storage-provisioner"));
            Assert.Equal("yes", claim.Str("metadata", "annotations", "pv.kubernetes.io/bind-completed"));
            Assert.Equal("kubernetes.io/pvc-protection", claim["metadata"]!["finalizers"]![0]!.GetValue<string>());
            var uid = claim.Str("metadata", "uid");
            Assert.Equal("pvc-" + uid, claim.Str("spec", "volumeName"));
            Assert.Equal("1Gi", claim.Str("status", "capacity", "storage"));
            Assert.Equal("ReadWriteOnce", claim["status"]!["accessModes"]![0]!.GetValue<string>());

            var volume = (await Server.Http.GetJsonAsync($"{PersistentVolumes}/pvc-{uid}"))!;
            Assert.Equal("Bound", volume.Str("status", "phase"));
            Assert.Equal("Delete", volume.Str("spec", "persistentVolumeReclaimPolicy"));
            Assert.Equal($"/var/lib/miniapiserver/storage/pvc-{uid}_default_www-{podName}", volume.Str("spec", "local", "path"));
            var term = volume["spec"]!["nodeAffinity"]!["required"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!;
            Assert.Equal(("kubernetes.io/hostname", "In", node), (term.Str("key"), term.Str("operator"), term["values"]![0]!.GetValue<string>()));
            Assert.Equal((uid, "www-" + podName), (volume.Str("spec", "claimRef", "uid"), volume.Str("spec", "claimRef", "name")));
            Assert.Equal("sim.miniapiserver.io/local-path", volume.Str("metadata", "annotations", "pv.kubernetes.io/provisioned-by"));

            // Events are written by the recorder's own queue, after the writes they report.
            var events = await Eventually.Get(() => EventsOf(Server.Http, "www-" + podName), e => e.Any(x => x.Reason == "ProvisioningSucceeded"), Deadline, "the claim's events");
            Assert.Contains(("Provisioning", $"External provisioner is provisioning volume for claim \"default/www-{podName}\"", "sim.miniapiserver.io/local-path"), events);
            Assert.Contains(("ProvisioningSucceeded", $"Successfully provisioned volume pvc-{uid}", "sim.miniapiserver.io/local-path"), events);
            Assert.Contains(("ExternalProvisioning", "Waiting for a volume to be created either by the external provisioner 'sim.miniapiserver.io/local-path' "
                + "or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
                "persistentvolume-controller"), events);
        }

        var claimsTable = await Kubectl.OkAsync("get", "pvc", "www-web-0");
        var web0Volume = (await Server.Http.GetJsonAsync($"{Claims}/www-web-0")).Str("spec", "volumeName")!;
        Assert.Matches(new Regex(@"^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE\n"
            + @"www-web-0\s+Bound\s+" + web0Volume + @"\s+1Gi\s+RWO\s+standard\s+<unset>\s+\S+\n$"), claimsTable);
        var volumesTable = await Kubectl.OkAsync("get", "pv", web0Volume);
        Assert.Matches(new Regex(@"^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE\n"
            + web0Volume + @"\s+1Gi\s+RWO\s+Delete\s+Bound\s+default/www-web-0\s+standard\s+<unset>\s+\S+\n$"), volumesTable);
    }

    [Fact]
    public async Task DeletedClaim_KeepsItsFinalizerWhileItsPodExists_ThenItsVolumeIsDeleted()
    {
        await Server.Http.CreateAsync(Claims, Claim("data", "2Gi"));
        await Server.Http.CreateAsync(Pods, PodUsing("user", "data"));
        var claim = await ClaimWhen(Server.Http, "data", c => c.Str("status", "phase") == "Bound", "data bound");
        var volumeName = claim.Str("spec", "volumeName")!;
        // The scheduler binds the pod on its next cycle after the claim is bound.
        await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/user"), p => p.Str("spec", "nodeName") is not null, Deadline, "user scheduled");

        Assert.Equal(System.Net.HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Claims}/data"));
        // pvc-protection: the pod on its node still names the claim, so the claim stays, Terminating.
        var terminating = (await Server.Http.GetJsonAsync($"{Claims}/data"))!;
        Assert.NotNull(terminating.Str("metadata", "deletionTimestamp"));
        var table = await Kubectl.OkAsync("get", "pvc", "data", "--no-headers");
        Assert.StartsWith("data   Terminating", table);
        // A volume bound to a claim is protected too.
        Assert.Equal(System.Net.HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{PersistentVolumes}/{volumeName}"));
        Assert.Equal("Bound", (await Server.Http.GetJsonAsync($"{PersistentVolumes}/{volumeName}")).Str("status", "phase"));

        await Server.Http.DeleteJsonAsync($"{Pods}/user");
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{Claims}/data") is null, Deadline, "the claim gone with its pod");
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{PersistentVolumes}/{volumeName}") is null, Deadline, "its volume deleted");
    }

    [Fact]
    public async Task ClaimWithEmptyClass_GetsNoDefault_AndWaitsForAVolume()
    {
        var created = await Server.Http.CreateAsync(Claims, Claim("manual", "1Gi", storageClass: ""));
        Assert.Equal("", created.Str("spec", "storageClassName"));

        await Eventually.True(async () => (await EventsOf(Server.Http, "manual")).Contains(
            ("FailedBinding", "no persistent volumes available for this claim and no storage class is set", "persistentvolume-controller")), Deadline, "FailedBinding");
        Assert.Equal("Pending", (await Server.Http.GetJsonAsync($"{Claims}/manual")).Str("status", "phase"));

        // A classless volume of the right size binds it.
        await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("classless", "1Gi", "", "/data/classless"));
        var bound = await ClaimWhen(Server.Http, "manual", c => c.Str("status", "phase") == "Bound", "bound to classless");
        Assert.Equal("classless", bound.Str("spec", "volumeName"));
    }

    [Fact]
    public async Task DeletingANamespace_WaitsForItsPodsToFreeTheirClaims_AndTakesTheVolumesWithIt()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}}""");
        await Server.Http.CreateAsync("/api/v1/namespaces/team/persistentvolumeclaims", Claim("data", "1Gi"));
        await Server.Http.CreateAsync("/api/v1/namespaces/team/pods", PodUsing("user", "data"));
        var claim = (await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/team/persistentvolumeclaims/data"),
            c => c.Str("status", "phase") == "Bound", Deadline, "data bound"))!;
        await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/team/pods/user"), p => p.Str("status", "phase") == "Running", Deadline, "user running");

        await Server.Http.DeleteJsonAsync("/api/v1/namespaces/team");

        // The namespace controller deletes the pod and the claim; pvc-protection lets the claim go once the pod is gone,
        // the volume is released and its provisioner deletes it, and the namespace is removed.
        await Eventually.True(async () => await Server.Http.GetJsonAsync("/api/v1/namespaces/team") is null, Deadline, "the namespace gone");
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{PersistentVolumes}/{claim.Str("spec", "volumeName")}") is null, Deadline, "its volume gone");
    }
}
