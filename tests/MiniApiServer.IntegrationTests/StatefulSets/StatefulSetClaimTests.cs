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
        var claim = (await Server.Http.GetJsonAsync($"{Claims}/www-web-1"))!;
        Assert.Equal("Pending", claim.Str("status", "phase"));
        Assert.Equal("web", claim["metadata"].Str("labels", "app"));
        Assert.Equal("1Gi", claim.Str("spec", "resources", "requests", "storage"));
        var events = await StatefulSetKit.EventsOfAsync(Server.Http, "web");
        Assert.Contains(("SuccessfulCreate", "create Claim www-web-0 Pod web-0 in StatefulSet web success"), events);
    }

    [Fact]
    public async Task ClaimWithoutAccessModesOrStorage_Is422()
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Claims,
            """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{}}""");

        Assert.Equal("PersistentVolumeClaim \"data\" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]", message);
    }
}
