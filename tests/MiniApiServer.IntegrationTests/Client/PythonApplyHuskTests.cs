using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Client;

/// <summary>
/// The failure: a re-apply that swapped a tcpSocket probe for an httpGet one left <c>tcpSocket: {}</c> in the
/// daemon pods, and Debian's python3-kubernetes then refused to list them (<c>Invalid value for `port`</c>).
/// </summary>
public sealed class PythonApplyHuskTests
{
    private const string Python = "/usr/bin/python3";
    private const string Ds = "/apis/apps/v1/namespaces/default/daemonsets/agent?fieldManager=deployer";

    private const string ListPods = """
        import sys
        from kubernetes import client
        cfg = client.Configuration()
        cfg.host = sys.argv[1]
        pods = client.CoreV1Api(client.ApiClient(cfg)).list_namespaced_pod("default", label_selector="app=agent")
        print(sorted({(c.readiness_probe.tcp_socket is None, c.readiness_probe.http_get.path) for p in pods.items for c in p.spec.containers}))
        """;

    private static string Agent(string probe) => """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
         "spec":{"selector":{"matchLabels":{"app":"agent"}},
                 "template":{"metadata":{"labels":{"app":"agent"}},
                             "spec":{"containers":[{"name":"c","image":"busybox","readinessProbe":PROBE}]}}}}
        """.Replace("PROBE", probe, StringComparison.Ordinal);

    private static async Task ApplyAsync(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, Ds) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/apply-patch+yaml");
        using var resp = await http.SendAsync(request);
        Assert.True(resp.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, await resp.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReAppliedProbeHandler_LeavesNoHusk_PythonClientListsThePods()
    {
        var probe = await ServerCli.RunAsync(Python, ServerCli.NewDirectory(), null, "-c", "import kubernetes");
        Assert.True(probe.ExitCode == 0, $"Debian's python3-kubernetes is missing (apt-get install python3-kubernetes; .ci/run does): {probe.Stderr}");
        using var server = await ServerProcess.StartAsync(Path.Combine(ServerCli.NewDirectory(), "cluster.db"), nodes: 1);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        await ApplyAsync(http, Agent("""{"tcpSocket":{"port":8080}}"""));
        await ApplyAsync(http, Agent("""{"httpGet":{"port":8080,"path":"/healthz"}}"""));
        await Eventually.Get(async () => JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dagent"))!["items"]!.AsArray(),
            items => items.Count == 1 && items.All(p => p!["spec"]!["containers"]![0]!["readinessProbe"]!["httpGet"] is not null),
            what: "the daemon pod rolled to the httpGet probe");

        var (exit, stdout, stderr) = await ServerCli.RunAsync(Python, ServerCli.NewDirectory(), null,
            "-c", ListPods, server.BaseAddress.ToString().TrimEnd('/'));

        Assert.True(exit == 0, $"python exited {exit}:\n{stdout}\n{stderr}");
        Assert.Equal("[(True, '/healthz')]\n", stdout);
    }
}
