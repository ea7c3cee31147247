using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Kubectl;

namespace MiniApiServer.IntegrationTests.Logs;

/// <summary>
/// pods/log of simulated containers, through kubectl and over HTTP: a start line, then a line per interval, as a
/// log shipper DaemonSet's user reads them with kubectl logs (the kubelet's containerLogs options, upstream
/// pkg/kubelet/server/server.go getContainerLogs).
/// </summary>
public sealed partial class PodLogTests : ServerTest
{
    protected override ApiServerHost StartServer() =>
        ApiServerHost.Start(nodes: 2, settings: new Dictionary<string, string> { ["Controllers:SimulatedLogInterval"] = "00:00:00.2" });

    [KubectlFact]
    public async Task Logs_Pod_DaemonSet_AndSelectorWithPrefix()
    {
        var pods = await RunningDaemonPods(2);
        var pod = pods[0];
        var log = await Eventually.Get(() => Kubectl.OkAsync("logs", pod.Name()), l => Seqs(l).Count >= 3, what: "three periodic lines");
        var lines = log.TrimEnd('\n').Split('\n');
        Assert.Equal($"starting container monitoring-agent (image monitoring-agent) on simulated node {pod.Spec.NodeName}", lines[0]);
        // Oracle: after the start line, one line per interval numbered 1, 2, 3, ... with no gap.
        Assert.Equal(Enumerable.Range(1, lines.Length - 1).ToList(), Seqs(log));

        var ds = await Kubectl.OkAsync("logs", "ds/monitoring-daemon");
        Assert.StartsWith("starting container monitoring-agent (image monitoring-agent) on simulated node ", ds, StringComparison.Ordinal);

        // With a selector kubectl asks each pod for its last 10 lines (--tail defaults to 10 there).
        var prefixed = await Kubectl.OkAsync("logs", "-l", "app=monitoring-agent", "--prefix");
        foreach (var p in pods)
        {
            Assert.Contains($"[pod/{p.Name()}/monitoring-agent] level=info container=monitoring-agent node={p.Spec.NodeName} seq=", prefixed, StringComparison.Ordinal);
        }
        Assert.All(pods, p => Assert.InRange(prefixed.Split('\n').Count(l => l.StartsWith($"[pod/{p.Name()}/", StringComparison.Ordinal)), 1, 10));
    }

    [KubectlFact]
    public async Task LogsFollow_SeesANewLineArrive_AndEndsWhenThePodGoes()
    {
        var pod = (await RunningDaemonPods(2))[0];
        var before = Seqs(await Kubectl.OkAsync("logs", pod.Name())).DefaultIfEmpty(0).Max();
        using var follow = Kubectl.Start("logs", "-f", pod.Name());
        var seen = new List<int>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (seen.Count == 0 || seen.Max() <= before + 2)
        {
            var line = await follow.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new Xunit.Sdk.XunitException("logs -f ended early");
            seen.AddRange(Seqs(line));
        }
        Assert.Equal(Enumerable.Range(1, seen.Count).ToList(), seen);

        await Client.CoreV1.DeleteNamespacedPodAsync(pod.Name(), "default", new V1DeleteOptions { GracePeriodSeconds = 0 });
        await follow.WaitForExitAsync(deadline.Token);
        Assert.Equal(0, follow.ExitCode);
    }

    [Fact]
    public async Task TailTimestampsSinceAndLimit_AsKubeletServesThem()
    {
        var pod = (await RunningDaemonPods(2))[0];
        var path = $"/api/v1/namespaces/default/pods/{pod.Name()}/log";
        await Eventually.True(async () => Seqs(await Server.Http.GetStringAsync(path)).Count >= 5, what: "five periodic lines");

        var tail = (await Server.Http.GetStringAsync(path + "?tailLines=2")).TrimEnd('\n').Split('\n');
        Assert.Equal(2, tail.Length);
        var tailSeqs = tail.SelectMany(Seqs).ToList();
        Assert.Equal(tailSeqs[0] + 1, tailSeqs[1]);
        Assert.True(tailSeqs[0] >= 4, $"the tail is the end of the log, got seq {tailSeqs[0]}");

        var stamped = (await Server.Http.GetStringAsync(path + "?timestamps=true")).TrimEnd('\n').Split('\n');
        var times = stamped.Select(l => DateTimeOffset.Parse(Stamp().Match(l).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(stamped, l => Assert.Matches(Stamp(), l));
        Assert.Equal(times.OrderBy(t => t).ToList(), times);
        var started = (await Client.CoreV1.ReadNamespacedPodAsync(pod.Name(), "default")).Status.ContainerStatuses[0].State.Running.StartedAt!.Value;
        Assert.Equal(new DateTimeOffset(started, TimeSpan.Zero), times[0]);
        // The interval is 200 ms, so line k is stamped k * 200 ms after the start line.
        Assert.Equal(TimeSpan.FromMilliseconds(400), times[2] - times[0]);

        var recent = await Server.Http.GetStringAsync(path + "?sinceSeconds=1&timestamps=true");
        var cutoff = DateTimeOffset.UtcNow.AddSeconds(-1).AddMilliseconds(-500);
        Assert.DoesNotContain("starting container", recent, StringComparison.Ordinal);
        Assert.All(recent.TrimEnd('\n').Split('\n'), l => Assert.True(DateTimeOffset.Parse(Stamp().Match(l).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= cutoff, l));

        var limited = await Server.Http.GetByteArrayAsync(path + "?limitBytes=10");
        Assert.Equal("starting c"u8.ToArray(), limited);
    }

    [Fact]
    public async Task BadOptionsAndContainers_GetUpstreamStatus()
    {
        var pod = (await RunningDaemonPods(2))[0];
        var path = $"/api/v1/namespaces/default/pods/{pod.Name()}/log";
        await AssertStatus(path + "?tailLines=-1", 422, "Invalid",
            $"PodLogOptions \"{pod.Name()}\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0");
        await AssertStatus(path + "?limitBytes=0", 422, "Invalid",
            $"PodLogOptions \"{pod.Name()}\" is invalid: limitBytes: Invalid value: 0: must be greater than 0");
        await AssertStatus(path + "?tailLines=x", 400, "BadRequest", "invalid value for tailLines: strconv.ParseInt: parsing \"x\": invalid syntax");
        await AssertStatus(path + "?previous=true", 400, "BadRequest",
            $"previous terminated container \"monitoring-agent\" in pod \"{pod.Name()}\" not found");
        await AssertStatus(path + "?container=nope", 400, "BadRequest", $"container nope is not valid for pod {pod.Name()}");
        await AssertStatus("/api/v1/namespaces/default/pods/ghost/log", 404, "NotFound", "pods \"ghost\" not found");

        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "two" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "a" }, new V1Container { Name = "b", Image = "b" }] },
        }, "default");
        await AssertStatus("/api/v1/namespaces/default/pods/two/log", 400, "BadRequest",
            "a container name must be specified for pod two, choose one of: [a b]");

        var put = await Server.Http.PutAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }

    [Fact]
    public async Task ScriptFromAnnotationOrConfigMap_IsWhatTheContainerPrints()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "agent-log" },
            Data = new Dictionary<string, string> { ["lines"] = "scraped 12 targets\nshipped 340 samples\n" },
        }, "default");
        var node = (await Client.CoreV1.ListNodeAsync()).Items[0].Name();
        foreach (var (name, annotations) in new[]
        {
            ("inline", new Dictionary<string, string> { ["sim.miniapiserver.io/log-lines"] = "scraped 12 targets\nshipped 340 samples" }),
            ("fromcm", new Dictionary<string, string> { ["sim.miniapiserver.io/log-configmap"] = "agent-log/lines" }),
        })
        {
            await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
                Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "agent", Image = "agent:1" }] },
            }, "default");
            var log = await Eventually.Get(() => Server.Http.GetStringAsync($"/api/v1/namespaces/default/pods/{name}/log"),
                l => l.Split('\n').Length >= 5, what: $"{name} lines");
            var lines = log.Split('\n');
            Assert.Equal($"starting container agent (image agent:1) on simulated node {node}", lines[0]);
            Assert.Equal(["scraped 12 targets", "shipped 340 samples", "scraped 12 targets"], lines[1..4]);
        }
    }

    [KubectlFact]
    public async Task ExecAttachPortForward_SayWhySimulatedNodesCannot()
    {
        var pod = (await RunningDaemonPods(2))[0];
        var (code, _, stderr) = await Kubectl.RunAsync("exec", pod.Name(), "--", "ls");
        Assert.NotEqual(0, code);
        Assert.Contains($"container monitoring-agent of pod {pod.Name()} runs on simulated node {pod.Spec.NodeName}, which runs no containers", stderr, StringComparison.Ordinal);

        var response = await Server.Http.PostAsync($"/api/v1/namespaces/default/pods/{pod.Name()}/portforward?ports=80", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Contains("port forwarding is not available on a simulated cluster", (string?)status["message"], StringComparison.Ordinal);

        var attach = await Server.Http.PostAsync("/api/v1/namespaces/default/pods/ghost/attach", null);
        Assert.Equal(HttpStatusCode.NotFound, attach.StatusCode);
    }

    [Fact]
    public async Task Discovery_AdvertisesTheStreamingSubresources()
    {
        var list = JsonNode.Parse(await Server.Http.GetStringAsync("/api/v1"))!["resources"]!.AsArray();
        string[] Verbs(string name) => list.Single(r => (string?)r!["name"] == name)!["verbs"]!.AsArray().Select(v => (string)v!).ToArray();
        Assert.Equal(["get"], Verbs("pods/log"));
        Assert.Equal(["create", "get"], Verbs("pods/exec"));
        Assert.Equal(["create", "get"], Verbs("pods/attach"));
        Assert.Equal(["create", "get"], Verbs("pods/portforward"));
    }

    private async Task<List<V1Pod>> RunningDaemonPods(int count)
    {
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(KubernetesYaml.Deserialize<V1DaemonSet>(Manifests.MonitoringDaemon), "default");
        return await Eventually.Get(
            async () => (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=monitoring-agent")).Items
                .Where(p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null).ToList(),
            p => p.Count == count, what: "running daemon pods");
    }

    private async Task AssertStatus(string path, int code, string reason, string message)
    {
        var response = await Server.Http.GetAsync(path);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal(reason, (string?)status["reason"]);
        Assert.Equal(message, (string?)status["message"]);
    }

    private static List<int> Seqs(string text) =>
        Seq().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"seq=(\d+) ")]
    private static partial Regex Seq();

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z) ")]
    private static partial Regex Stamp();
}
