using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.StatefulSets;

/// <summary>
/// kubectl against a StatefulSet as a user types it: apply, get (printStatefulSet's columns), scale (the scale
/// subresource), rollout status (kubectl's StatefulSetStatusViewer), history (the set's ControllerRevisions) and
/// restart (a template annotation that rolls every pod) and undo (revision 1's template again).
/// </summary>
public sealed class StatefulSetKubectlTests : ServerTest
{
    private const string Manifest = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: web
        spec:
          serviceName: web
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
        """;

    protected override ApiServerHost StartServer() => StatefulSetKit.StartServer();

    [KubectlFact]
    public async Task ApplyGetScaleRollout_WorkAsOnACluster()
    {
        var file = Kubectl.WriteFile("web.yaml", Manifest);
        Assert.Equal("statefulset.apps/web created\n", await Kubectl.OkAsync("apply", "-f", file));
        AssertRolledOut(await RolloutStatusAsync(), 2);
        Assert.Equal("statefulset.apps/web unchanged\n", await Kubectl.OkAsync("apply", "-f", file));

        Assert.Matches(@"^NAME\s+READY\s+AGE\nweb\s+2/2\s+\d+s\n$", await Kubectl.OkAsync("get", "sts"));
        Assert.Matches(@"^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\nweb\s+2/2\s+\d+s\s+nginx\s+nginx:1\.27\n$", await Kubectl.OkAsync("get", "statefulset", "web", "-o", "wide"));
        Assert.Contains("statefulset.apps/web", await Kubectl.OkAsync("get", "all"), StringComparison.Ordinal);

        Assert.Equal("statefulset.apps/web scaled\n", await Kubectl.OkAsync("scale", "sts", "web", "--replicas=3"));
        AssertRolledOut(await RolloutStatusAsync(), 3);
        Assert.Equal("web-0 web-1 web-2", await Kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}"));

        Assert.Equal("statefulset.apps/web restarted\n", await Kubectl.OkAsync("rollout", "restart", "sts/web"));
        AssertRolledOut(await RolloutStatusAsync(), 3);
        Assert.Matches(@"^statefulset\.apps/web \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n\n$", await Kubectl.OkAsync("rollout", "history", "sts/web"));
        var restartedAt = await Kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}");
        Assert.Equal(3, restartedAt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

        // Undo reapplies revision 1's template; the controller renumbers that revision instead of making a new one.
        Assert.Equal("statefulset.apps/web rolled back\n", await Kubectl.OkAsync("rollout", "undo", "sts/web"));
        AssertRolledOut(await RolloutStatusAsync(), 3);
        Assert.Matches(@"^statefulset\.apps/web \nREVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n\n$", await Kubectl.OkAsync("rollout", "history", "sts/web"));
        Assert.Equal("", await Kubectl.OkAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"));

    }

    /// <summary>StatefulSetStatusViewer's lines while it waits, then its last line for a partitioned (partition 0) rollout.</summary>
    private static void AssertRolledOut(string output, int replicas)
    {
        Assert.EndsWith($"partitioned roll out complete: {replicas} new pods have been updated...\n", output, StringComparison.Ordinal);
        Assert.All(output.TrimEnd('\n').Split('\n').SkipLast(1), line => Assert.Matches(
            @"^(Waiting for \d+ pods to be ready\.\.\.|Waiting for partitioned roll out to finish: \d+ out of \d+ new pods have been updated\.\.\.|Waiting for statefulset spec update to be observed\.\.\.)$", line));
    }

    private Task<string> RolloutStatusAsync() => Kubectl.OkAsync("rollout", "status", "sts/web", "--timeout=60s");
}
