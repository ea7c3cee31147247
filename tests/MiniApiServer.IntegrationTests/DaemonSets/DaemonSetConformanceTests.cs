using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.DaemonSets.DaemonSetKit;

namespace MiniApiServer.IntegrationTests.DaemonSets;

/// <summary>Ported from test/e2e/apps/daemon_set.go ([sig-apps] Daemon set [Serial]), cases 1, 4, 9 and 10.</summary>
public sealed class DaemonSetConformanceTests : ServerTest
{
    protected override ApiServerHost StartServer() => Start(nodes: 3);

    [Fact]
    public async Task RunAndStopSimpleDaemon_DeletedPodIsReplaced()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(NewDaemonSet("daemon-set"), Namespace);
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "node-3");
        await CheckDaemonStatus(Client, "daemon-set");
        var victim = (await DaemonPods(Client, ds)).First();
        await Client.DeleteNamespacedPodAsync(victim.Metadata.Name, Namespace);
        await Eventually.True(async () => (await DaemonPods(Client, ds)).All(p => p.Metadata.Uid != victim.Metadata.Uid), TimeSpan.FromSeconds(15), "old pod gone");
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "node-3");
    }

    [Fact]
    public async Task RetryCreatingFailedDaemonPods_FailedPodIsDeletedAndReplaced()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(NewDaemonSet("daemon-set"), Namespace);
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "node-3");
        await CheckDaemonStatus(Client, "daemon-set");
        var pod = (await DaemonPods(Client, ds)).First();
        // The e2e test clears resourceVersion and PUTs status: an unconditional status update.
        pod.Metadata.ResourceVersion = null;
        pod.Status.Phase = "Failed";
        await Client.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, Namespace);
        await Eventually.True(async () =>
        {
            try
            {
                await Client.ReadNamespacedPodAsync(pod.Metadata.Name, Namespace);
                return false;
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(15), "failed pod returns 404");
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "node-3");
        await Eventually.True(async () => (await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: "involvedObject.name=daemon-set,involvedObject.kind=DaemonSet"))
            .Items.Any(e => e.Reason == "FailedDaemonPod" && e.Type == "Warning"
                && e.Message == $"Found failed daemon pod {Namespace}/{pod.Metadata.Name} on node {pod.Spec.NodeName}, will try to kill it"), what: "FailedDaemonPod event");
    }

    [Fact]
    public async Task ListAndDeleteCollection_VanishesAtOnce()
    {
        var labels = new Dictionary<string, string> { ["daemonset-name"] = "daemon-set" };
        var spec = NewDaemonSet("daemon-set");
        spec.Metadata.Labels = labels;
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "node-3");
        await CheckDaemonStatus(Client, "daemon-set");
        var all = await Client.ListDaemonSetForAllNamespacesAsync(labelSelector: "daemonset-name=daemon-set");
        Assert.Single(all.Items);
        await Client.DeleteCollectionNamespacedDaemonSetAsync(Namespace, new V1DeleteOptions { GracePeriodSeconds = 1 }, labelSelector: "daemonset-name=daemon-set");
        Assert.Empty((await Client.ListDaemonSetForAllNamespacesAsync(labelSelector: "daemonset-name=daemon-set")).Items);
        await Eventually.True(async () => (await Client.ListNamespacedPodAsync(Namespace, labelSelector: "daemonset-name=daemon-set")).Items.Count == 0,
            TimeSpan.FromSeconds(15), "dependent pods garbage collected");
    }

    [Fact]
    public async Task VerifyChangesToStatus_PutAndMergePatchConditionsAreWatched()
    {
        var labels = new Dictionary<string, string> { ["daemonset-name"] = "daemon-set" };
        var before = await Client.ListDaemonSetForAllNamespacesAsync(labelSelector: "daemonset-name=daemon-set");
        var spec = NewDaemonSet("daemon-set");
        spec.Metadata.Labels = labels;
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "node-3");
        await CheckDaemonStatus(Client, "daemon-set");
        for (var attempt = 0; ; attempt++)
        {
            var current = await Client.ReadNamespacedDaemonSetStatusAsync("daemon-set", Namespace);
            current.Status.Conditions ??= [];
            current.Status.Conditions.Add(new V1DaemonSetCondition { Type = "StatusUpdate", Status = "True", Reason = "E2E", Message = "Set from e2e test" });
            try
            {
                await Client.ReplaceNamespacedDaemonSetStatusAsync(current, "daemon-set", Namespace);
                break;
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }
        await WatchUntilCondition(before.Metadata.ResourceVersion, "StatusUpdate");
        var patch = """{"status":{"conditions":[{"type":"StatusPatched","status":"True"}]}}""";
        var resp = await Server.Http.PatchAsync("/apis/apps/v1/namespaces/default/daemonsets/daemon-set/status",
            new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"));
        resp.EnsureSuccessStatusCode();
        var patched = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal(["StatusPatched"], patched["status"]!["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()));
        await WatchUntilCondition(before.Metadata.ResourceVersion, "StatusPatched");
    }

    private async Task WatchUntilCondition(string fromRv, string condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var (_, ds) in Client.AppsV1.WatchListNamespacedDaemonSetAsync(Namespace, labelSelector: "daemonset-name=daemon-set",
            resourceVersion: fromRv, cancellationToken: cts.Token))
        {
            if (ds.Status?.Conditions?.Any(c => c.Type == condition) == true)
            {
                return;
            }
        }
        Assert.Fail($"no watch event carried condition {condition}");
    }
}
