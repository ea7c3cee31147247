using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Kubectl;

/// <summary>kubectl against Jobs, Services and EndpointSlices, as a user types it (kubectl sends these bodies as protobuf).</summary>
public sealed class KubectlJobsAndServicesTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 2, settings: new Dictionary<string, string>
    {
        ["Controllers:SimulatedJobRunTime"] = "00:00:00.500",
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
    });

    [KubectlFact]
    public async Task CreateJob_WaitForComplete_GetShowsStatusCompletionsDuration()
    {
        Assert.Equal("job.batch/hello created\n", await Kubectl.OkAsync("create", "job", "hello", "--image=busybox:1.36", "--", "echo", "hi"));

        Assert.Equal("job.batch/hello condition met\n", await Kubectl.OkAsync("wait", "--for=condition=complete", "job/hello", "--timeout=60s"));

        var get = await Kubectl.OkAsync("get", "jobs");
        Assert.Matches(@"^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n", get);
        Assert.Matches(@"(?m)^hello\s+Complete\s+1/1\s+\d+s\s+\d+s$", get);
        var pods = await Kubectl.OkAsync("get", "pods", "-l", "job-name=hello");
        Assert.Matches(@"(?m)^hello-[a-z0-9]{5}\s+0/1\s+Completed\s+0\s+\d+s$", pods);
    }

    [KubectlFact]
    public async Task CreateServiceClusterIp_GetServices_ShowsTheKubernetesServiceToo()
    {
        Assert.Equal("service/web created\n", await Kubectl.OkAsync("create", "service", "clusterip", "web", "--tcp=80:8080"));

        var get = await Kubectl.OkAsync("get", "services");
        Assert.Matches(@"^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n", get);
        Assert.Matches(@"(?m)^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443/TCP\s+\d+s$", get);
        Assert.Matches(@"(?m)^web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80/TCP\s+\d+s$", get);
        var nodePort = await Kubectl.OkAsync("create", "service", "nodeport", "np", "--tcp=80:80", "--node-port=30080");
        Assert.Equal("service/np created\n", nodePort);
        Assert.Matches(@"(?m)^np\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:30080/TCP\s+\d+s$", await Kubectl.OkAsync("get", "svc", "np"));
    }

    [KubectlFact]
    public async Task ExposePod_ThenGetEndpointSlices_ListsThePodsAddress()
    {
        await Kubectl.OkAsync("run", "web", "--image=nginx:1.27", "--port=80");
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/web", "--timeout=60s");

        Assert.Equal("service/web exposed\n", await Kubectl.OkAsync("expose", "pod", "web", "--port=8080", "--target-port=80"));

        var podIp = (await Kubectl.OkAsync("get", "pod", "web", "-o", "jsonpath={.status.podIP}")).Trim();
        var slices = await Eventually.Get(() => Kubectl.OkAsync("get", "endpointslices", "-l", "kubernetes.io/service-name=web"),
            s => s.Contains(podIp, StringComparison.Ordinal), TimeSpan.FromSeconds(20), "slice with the pod's IP");
        Assert.Matches(@"^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\n", slices);
        Assert.Matches(@"(?m)^web-[a-z0-9]{5}\s+IPv4\s+80\s+" + System.Text.RegularExpressions.Regex.Escape(podIp) + @"\s+\d+s$", slices);
        var describe = await Kubectl.OkAsync("describe", "service", "web");
        Assert.Contains("Selector:", describe, StringComparison.Ordinal);
        Assert.Contains("run=web", describe, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Endpoints:\s+" + System.Text.RegularExpressions.Regex.Escape(podIp) + ":80$", describe);
    }

    [KubectlFact]
    public async Task ClusterInfo_PrintsTheControlPlane()
    {
        var output = await Kubectl.OkAsync("cluster-info");

        Assert.Contains($"Kubernetes control plane is running at {Server.BaseAddress.ToString().TrimEnd('/')}", output.Replace("\u001b[0;32m", "").Replace("\u001b[0;33m", "").Replace("\u001b[0m", ""), StringComparison.Ordinal);
    }
}
