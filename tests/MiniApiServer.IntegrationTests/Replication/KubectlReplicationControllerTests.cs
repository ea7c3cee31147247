using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Rollouts;

namespace MiniApiServer.IntegrationTests.Replication;

/// <summary>What kubectl shows of ReplicationControllers and PodTemplates: get (wide), get all, scale, delete's cascade.</summary>
public sealed class KubectlReplicationControllerTests : ServerTest
{
    protected override ApiServerHost StartServer() => RolloutFixture.Start(nodes: 2);

    [KubectlFact]
    public async Task ApplyGetScaleGetAllDelete()
    {
        var manifest = Kubectl.WriteFile("rc.yaml", """
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: web}
            spec:
              replicas: 2
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: nginx, image: nginx}]
            """);
        Assert.Equal("replicationcontroller/web created\n", await Kubectl.OkAsync("apply", "-f", manifest));
        await Eventually.Get(() => Kubectl.OkAsync("get", "rc", "web"), o => System.Text.RegularExpressions.Regex.IsMatch(o, @"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb\s+2\s+2\s+2\s+\S+\n$"),
            what: "web 2/2 ready");
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nweb\s+2\s+2\s+2\s+\S+\s+nginx\s+nginx\s+app=web\n$",
            await Kubectl.OkAsync("get", "rc", "-o", "wide"));

        Assert.Equal("replicationcontroller/web scaled\n", await Kubectl.OkAsync("scale", "rc", "web", "--replicas=3"));
        await Eventually.Get(() => Kubectl.OkAsync("get", "rc", "web", "--no-headers"), o => System.Text.RegularExpressions.Regex.IsMatch(o, @"^web\s+3\s+3\s+3\s+"),
            what: "web 3/3 ready");
        Assert.Matches(@"(?m)^replicationcontroller/web\s+3\s+3\s+3\s+\S+$", await Kubectl.OkAsync("get", "all"));

        Assert.Equal("replicationcontroller \"web\" deleted\n", await Kubectl.OkAsync("delete", "rc", "web"));
        await Eventually.Get(() => Kubectl.RunAsync("get", "pods", "-l", "app=web"), r => r.Stderr == "No resources found in default namespace.\n",
            what: "the garbage collector deleted web's pods");
    }

    [KubectlFact]
    public async Task PodTemplatesGet()
    {
        var manifest = Kubectl.WriteFile("pt.yaml", """
            apiVersion: v1
            kind: PodTemplate
            metadata: {name: base}
            template:
              metadata: {labels: {app: base}}
              spec:
                containers: [{name: app, image: busybox}, {name: side, image: nginx}]
            """);
        Assert.Equal("podtemplate/base created\n", await Kubectl.OkAsync("apply", "-f", manifest));
        Assert.Matches(@"^NAME\s+CONTAINERS\s+IMAGES\s+POD LABELS\nbase\s+app,side\s+busybox,nginx\s+app=base\n$", await Kubectl.OkAsync("get", "podtemplates"));
        Assert.Equal("podtemplate \"base\" deleted\n", await Kubectl.OkAsync("delete", "podtemplate", "base"));
    }
}
