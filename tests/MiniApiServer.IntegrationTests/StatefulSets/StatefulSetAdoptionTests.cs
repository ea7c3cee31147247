using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.StatefulSets;

/// <summary>
/// getPodsForStatefulSet (stateful_set.go): an orphan pod the selector matches is adopted only if it is named after
/// the set (isMemberOf), then given its identity labels (UpdateStatefulPod); a controlled pod whose labels stop
/// matching is released.
/// </summary>
public sealed class StatefulSetAdoptionTests : ServerTest
{
    protected override ApiServerHost StartServer() => StatefulSetKit.StartServer();

    private static string BarePod(string name) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"db\"}},\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"nginx:1.27\"}]}}";

    private static string? ControllerOf(JsonObject pod) =>
        pod["metadata"]?["ownerReferences"]?.AsArray().FirstOrDefault(o => o?["controller"]?.GetValue<bool>() == true).Str("name");

    [Fact]
    public async Task OrphanNamedAfterTheSet_IsAdoptedAndLabelled_OthersAreLeft()
    {
        var orphan = await Server.Http.CreateAsync(StatefulSetKit.Pods, BarePod("db-0"));
        await Server.Http.CreateAsync(StatefulSetKit.Pods, BarePod("stranger"));

        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("db", replicas: 1, extraSpec: ",\"updateStrategy\":{\"type\":\"OnDelete\"}"));

        var adopted = await Eventually.Get(async () => (await Server.Http.GetJsonAsync($"{StatefulSetKit.Pods}/db-0"))!,
            p => ControllerOf(p) == "db" && p["metadata"].Str("labels", "statefulset.kubernetes.io/pod-name") == "db-0", StatefulSetKit.Deadline, "db-0 adopted and labelled");
        Assert.Equal(orphan.Str("metadata", "uid"), adopted.Str("metadata", "uid"));
        Assert.Equal("0", adopted["metadata"].Str("labels", "apps.kubernetes.io/pod-index"));
        await StatefulSetKit.WaitForSetAsync(Server.Http, "db", s => StatefulSetKit.Int(s, "status", "readyReplicas") == 1, "the adopted pod counted Ready");
        Assert.Null(ControllerOf((await Server.Http.GetJsonAsync($"{StatefulSetKit.Pods}/stranger"))!));
        var events = await Eventually.Get(() => StatefulSetKit.EventsOfAsync(Server.Http, "db"),
            e => e.Contains(("SuccessfulUpdate", "update Pod db-0 in StatefulSet db successful")), StatefulSetKit.Deadline, "SuccessfulUpdate recorded");
        Assert.DoesNotContain(events, e => e.Reason == "SuccessfulCreate");
    }

    [Fact]
    public async Task PodWhoseLabelsStopMatching_IsReleased_AndKeepsItsName()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("db", replicas: 1));
        var first = await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "db"), p => p.ContainsKey("db-0"), StatefulSetKit.Deadline, "db-0 created");
        var uid = first["db-0"].Str("metadata", "uid");

        await Server.Http.MergePatchAsync($"{StatefulSetKit.Pods}/db-0", """{"metadata":{"labels":{"app":"elsewhere"}}}""");

        var released = await Eventually.Get(async () => (await Server.Http.GetJsonAsync($"{StatefulSetKit.Pods}/db-0"))!, p => ControllerOf(p) is null, StatefulSetKit.Deadline, "db-0 released");
        Assert.Equal(uid, released.Str("metadata", "uid"));
    }
}
