using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.StatefulSets;

/// <summary>
/// volumeClaimTemplates (stateful_pod_control.go createPersistentVolumeClaims, stateful_set_utils.go updateStorage):
/// each pod gets a claim &lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt; made before it, mounted as a volume named after the template.
/// </summary>
public sealed class StatefulSetClaimTests : ServerTest
{
    private const string Claims = "/api/v1/namespaces/default/persistentvolumeclaims";

    protected override ApiServerHost StartServer() => StatefulSetKit.StartServer();

    [Fact]
    public async Task ClaimTemplates_MakeOneClaimPerPod_MountedAsItsVolume()
    {
        const string templates = ",\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"www\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}]";
        var created = await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 2, extraSpec: templates));
        Assert.Equal("Filesystem", created["spec"]!["volumeClaimTemplates"]![0].Str("spec", "volumeMode"));

        var pods = await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "web"), p => p.Count == 2, StatefulSetKit.Deadline, "web-0 and web-1");

        var volume = pods["web-1"]["spec"]!["volumes"]![0]!;
        Assert.Equal("www", volume.Str("name"));
        Assert.Equal("www-web-1", volume.Str("persistentVolumeClaim", "claimName"));
        // The default class provisions it on web-1's node (tests/.../Volumes covers the binding itself).
        var claim = (await Eventually.Get(() => Server.Http.GetJsonAsync($"{Claims}/www-web-1"), c => c.Str("status", "phase") == "Bound", StatefulSetKit.Deadline, "www-web-1 bound"))!;
        Assert.Equal("standard", claim.Str("spec", "storageClassName"));
        Assert.Equal("web", claim["metadata"].Str("labels", "app"));
        Assert.Equal("1Gi", claim.Str("spec", "resources", "requests", "storage"));
        await Eventually.Get(() => StatefulSetKit.EventsOfAsync(Server.Http, "web"),
            e => e.Contains(("SuccessfulCreate", "create Claim www-web-0 Pod web-0 in StatefulSet web success")), StatefulSetKit.Deadline, "the claim's SuccessfulCreate recorded");
    }

    [Fact]
    public async Task RetentionPolicyDelete_ClaimsGoWithTheirScaledDownPod_AndWithTheSet()
    {
        const string spec = ",\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Delete\",\"whenScaled\":\"Delete\"}"
            + ",\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"www\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}]";
        var set = await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 2, extraSpec: spec));
        var owned = await Eventually.Get(async () => (await Server.Http.GetJsonAsync($"{Claims}/www-web-1"))!,
            c => c["metadata"]?["ownerReferences"]?[0].Str("uid") == set.Str("metadata", "uid"), StatefulSetKit.Deadline, "www-web-1 owned by the set");
        Assert.Equal("StatefulSet", owned["metadata"]!["ownerReferences"]![0].Str("kind"));

        await Server.Http.MergePatchAsync($"{StatefulSetKit.Collection}/web/scale", """{"spec":{"replicas":1}}""");

        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{Claims}/www-web-1") is null, StatefulSetKit.Deadline, "www-web-1 deleted with web-1");
        Assert.NotNull(await Server.Http.GetJsonAsync($"{Claims}/www-web-0"));

        await Server.Http.DeleteJsonAsync($"{StatefulSetKit.Collection}/web");
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{Claims}/www-web-0") is null, StatefulSetKit.Deadline, "www-web-0 deleted with the set");
    }

    [Fact]
    public async Task ClaimWithoutAccessModesOrStorage_Is422()
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Claims,
            """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{}}""");

        Assert.Equal("PersistentVolumeClaim \"data\" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]", message);
    }
}
