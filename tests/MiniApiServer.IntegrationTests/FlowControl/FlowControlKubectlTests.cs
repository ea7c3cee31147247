using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.FlowControl;

/// <summary>
/// kubectl against flowcontrol.apiserver.k8s.io/v1: api-resources lists both kinds, get prints printers.go's columns
/// for the bootstrap objects, and a team's own priority level and flow schema are applied as the Kubernetes docs'
/// "API Priority and Fairness" page writes them.
/// </summary>
public sealed class FlowControlKubectlTests : ServerTest
{
    private const string Team = """
        apiVersion: flowcontrol.apiserver.k8s.io/v1
        kind: PriorityLevelConfiguration
        metadata:
          name: team-a
        spec:
          type: Limited
          limited:
            nominalConcurrencyShares: 15
            limitResponse:
              type: Queue
              queuing:
                queues: 32
                handSize: 4
        ---
        apiVersion: flowcontrol.apiserver.k8s.io/v1
        kind: FlowSchema
        metadata:
          name: team-a
        spec:
          priorityLevelConfiguration:
            name: team-a
          matchingPrecedence: 700
          distinguisherMethod:
            type: ByNamespace
          rules:
          - subjects:
            - kind: ServiceAccount
              serviceAccount:
                name: "*"
                namespace: team-a
            resourceRules:
            - verbs: ["*"]
              apiGroups: ["*"]
              resources: ["*"]
              namespaces: ["team-a"]
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [KubectlFact]
    public async Task ApiResources_Get_AndApply_ShowUpstreamsColumns()
    {
        var resources = await Kubectl.OkAsync("api-resources", "--api-group=flowcontrol.apiserver.k8s.io");
        Assert.Matches(@"(?m)^flowschemas\s+flowcontrol\.apiserver\.k8s\.io/v1\s+false\s+FlowSchema$", resources);
        Assert.Matches(@"(?m)^prioritylevelconfigurations\s+flowcontrol\.apiserver\.k8s\.io/v1\s+false\s+PriorityLevelConfiguration$", resources);
        await Eventually.Get(() => Kubectl.OkAsync("get", "flowschemas", "-o", "name"), o => o.Contains("flowschema.flowcontrol.apiserver.k8s.io/global-default", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "bootstrap schemas");

        var schemas = await Eventually.Get(() => Kubectl.OkAsync("get", "flowschemas"), o => !o.Contains('?', StringComparison.Ordinal), TimeSpan.FromSeconds(30), "Dangling set on every schema");
        Assert.Matches(@"^NAME\s+PRIORITYLEVEL\s+MATCHINGPRECEDENCE\s+DISTINGUISHERMETHOD\s+AGE\s+MISSINGPL\n", schemas);
        Assert.Matches(@"(?m)^exempt\s+exempt\s+1\s+<none>\s+\d+s\s+False$", schemas);
        Assert.Matches(@"(?m)^kube-controller-manager\s+workload-high\s+800\s+ByNamespace\s+\d+s\s+False$", schemas);
        Assert.Matches(@"(?m)^catch-all\s+catch-all\s+10000\s+ByUser\s+\d+s\s+False$", schemas);
        var levels = await Kubectl.OkAsync("get", "prioritylevelconfigurations");
        Assert.Matches(@"^NAME\s+TYPE\s+NOMINALCONCURRENCYSHARES\s+QUEUES\s+HANDSIZE\s+QUEUELENGTHLIMIT\s+AGE\n", levels);
        Assert.Matches(@"(?m)^catch-all\s+Limited\s+5\s+<none>\s+<none>\s+<none>\s+\d+s$", levels);
        Assert.Matches(@"(?m)^exempt\s+Exempt\s+<none>\s+<none>\s+<none>\s+<none>\s+\d+s$", levels);
        Assert.Matches(@"(?m)^leader-election\s+Limited\s+10\s+16\s+4\s+50\s+\d+s$", levels);

        Assert.Equal("prioritylevelconfiguration.flowcontrol.apiserver.k8s.io/team-a created\nflowschema.flowcontrol.apiserver.k8s.io/team-a created\n",
            await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("team-a.yaml", Team)));
        Assert.Matches(@"(?m)^team-a\s+Limited\s+15\s+32\s+4\s+50\s+\d+s$", await Kubectl.OkAsync("get", "prioritylevelconfigurations", "team-a"));
        Assert.Matches(@"(?m)^team-a\s+team-a\s+700\s+ByNamespace\s+\d+s\s+False$",
            await Eventually.Get(() => Kubectl.OkAsync("get", "flowschemas", "team-a"), o => !o.Contains('?', StringComparison.Ordinal), TimeSpan.FromSeconds(30), "team-a Dangling set"));
        Assert.Equal("prioritylevelconfiguration.flowcontrol.apiserver.k8s.io/team-a unchanged\nflowschema.flowcontrol.apiserver.k8s.io/team-a unchanged\n",
            await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("team-a.yaml", Team)));
    }
}
