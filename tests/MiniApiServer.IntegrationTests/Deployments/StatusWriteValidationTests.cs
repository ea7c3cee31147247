using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;

namespace MiniApiServer.IntegrationTests.Deployments;

/// <summary>
/// A status write validates the status alone (ValidateDeploymentStatusUpdate, ValidateReplicaSetStatusUpdate,
/// ValidateDaemonSetStatusUpdate in pkg/apis/apps/validation/validation.go, 1.32). An object stored before a template
/// rule existed must keep taking its controller's status writes; only a write of its spec meets the new rule.
/// </summary>
public sealed class StatusWriteValidationTests : ServerTest
{
    private const string Ns = "default";

    // Two volumes of one name: accepted before the volume rules, refused by them now.
    private const string StaleTemplate = """
        {"metadata":{"labels":{"app":"stale"}},"spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst","terminationGracePeriodSeconds":30,
         "schedulerName":"default-scheduler","securityContext":{},"nodeSelector":{"no-such-node":"true"},
         "volumes":[{"name":"data","emptyDir":{}},{"name":"data","emptyDir":{}}],
         "containers":[{"name":"c","image":"busybox","imagePullPolicy":"Always","terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}]}}
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task ReplicaSetStoredWithAnOutdatedTemplate_StillGetsItsControllersStatus_ButNotASpecWrite()
    {
        await StoreAsync("replicasets", "stale", "ReplicaSet",
            $$$"""{"replicas":0,"minReadySeconds":0,"selector":{"matchLabels":{"app":"stale"}},"template":{{{StaleTemplate}}}}""", """{"replicas":0}""");

        // The ReplicaSet controller's status write records the generation it saw; refused, it never would.
        await Eventually.True(async () => (await Server.Http.GetJsonAsync($"/apis/apps/v1/namespaces/{Ns}/replicasets/stale"))?["status"]?["observedGeneration"]?.GetValue<long>() == 1,
            TimeSpan.FromSeconds(20), "the controller's status write");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{Ns}/replicasets/stale",
            """{"metadata":{"labels":{"touched":"yes"}}}""", "application/merge-patch+json");
        Assert.Equal("ReplicaSet.apps \"stale\" is invalid: spec.template.spec.volumes[1].name: Duplicate value: \"data\"", message);
    }

    [Fact]
    public async Task DeploymentAndDaemonSetStoredWithAnOutdatedTemplate_AcceptAStatusWrite()
    {
        await StoreAsync("deployments", "stale-deploy", "Deployment",
            $$$"""{"replicas":0,"selector":{"matchLabels":{"app":"stale"}},"template":{{{StaleTemplate}}},"strategy":{"type":"Recreate"},"revisionHistoryLimit":10,"progressDeadlineSeconds":600}""", "{}");
        await StoreAsync("daemonsets", "stale-ds", "DaemonSet",
            $$$"""{"selector":{"matchLabels":{"app":"stale"}},"template":{{{StaleTemplate}}},"updateStrategy":{"type":"OnDelete"},"revisionHistoryLimit":10}""",
            """{"currentNumberScheduled":0,"numberMisscheduled":0,"desiredNumberScheduled":0,"numberReady":0}""");

        var (deployCode, deploy) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{Ns}/deployments/stale-deploy/status",
            """{"status":{"conditions":[{"type":"Progressing","status":"Unknown","reason":"Stale"}]}}""", "application/merge-patch+json");
        var (dsCode, ds) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{Ns}/daemonsets/stale-ds/status",
            """{"status":{"collisionCount":1}}""", "application/merge-patch+json");

        Assert.True(deployCode == HttpStatusCode.OK, deploy.ToJsonString());
        Assert.True(dsCode == HttpStatusCode.OK, ds.ToJsonString());
        Assert.Equal(1, ds["status"]!["collisionCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task PodDisruptionBudgetStoredWithBothBounds_StillGetsItsControllersStatus()
    {
        var obj = JsonNode.Parse($$$"""
            {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"both","namespace":"{{{Ns}}}","uid":"{{{Guid.NewGuid()}}}",
             "generation":1,"creationTimestamp":"2026-01-01T00:00:00Z"},
             "spec":{"minAvailable":1,"maxUnavailable":1,"selector":{"matchLabels":{"app":"none"}} },"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}}
            """)!.AsObject();
        await Server.Services.GetRequiredService<ObjectStore>().WriteAsync(new WriteCommand(WriteKind.Create, "poddisruptionbudgets.policy", Ns, "both", obj));
        var path = $"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets/both";

        await Eventually.True(async () => (await Server.Http.GetJsonAsync(path))?["status"]?["observedGeneration"]?.GetValue<long>() == 1,
            TimeSpan.FromSeconds(20), "the disruption controller's status write");

        var negative = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, path + "/status", """{"status":{"expectedPods":-1}}""", "application/merge-patch+json");
        var spec = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, path, """{"metadata":{"labels":{"touched":"yes"}}}""", "application/merge-patch+json");
        Assert.Equal("PodDisruptionBudget.policy \"both\" is invalid: status.expectedPods: Invalid value: -1: must be greater than or equal to 0", negative);
        Assert.StartsWith("PodDisruptionBudget.policy \"both\" is invalid: spec: Invalid value: ", spec, StringComparison.Ordinal);
        Assert.EndsWith(": minAvailable and maxUnavailable cannot be both set", spec, StringComparison.Ordinal);
    }

    /// <summary>
    /// A budget's status conditions are metav1 conditions (ValidateConditions): the disruption controller's own pass,
    /// a hand-written one with a bad status, type, reason and no lastTransitionTime, or a type twice, does not.
    /// </summary>
    [Fact]
    public async Task PodDisruptionBudgetConditions_AreValidatedAsMetav1Conditions()
    {
        var path = $"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets/conditions";
        await Server.Http.CreateAsync($"/apis/policy/v1/namespaces/{Ns}/poddisruptionbudgets",
            """{"metadata":{"name":"conditions"},"spec":{"minAvailable":0,"selector":{"matchLabels":{"app":"none"}}}}""");
        var written = await Eventually.Get(() => Server.Http.GetJsonAsync(path), p => p?["status"]?["conditions"] is JsonArray { Count: > 0 }, what: "the disruption controller's condition");
        // No pod, nothing to disrupt: upstream's updatePdbStatus says InsufficientPods for 0 allowed.
        Assert.Equal("InsufficientPods", written!["status"]!["conditions"]![0]!["reason"]!.GetValue<string>());

        var bad = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, path + "/status",
            """{"status":{"conditions":[{"type":"bad type","status":"Maybe","reason":"1st","message":"m"}]}}""", "application/merge-patch+json");
        Assert.Equal("PodDisruptionBudget.policy \"conditions\" is invalid: ["
            + "status.conditions[0].type: Invalid value: \"bad type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), "
            + "status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\", "
            + "status.conditions[0].lastTransitionTime: Required value: must be set, "
            + "status.conditions[0].reason: Invalid value: \"1st\": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')]",
            bad);

        const string Condition = """{"type":"Ready","status":"True","reason":"Fine","lastTransitionTime":"2026-01-01T00:00:00Z"}""";
        var twice = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, path + "/status",
            $$$"""{"status":{"conditions":[{{{Condition}}},{{{Condition}}}]}}""", "application/merge-patch+json");
        Assert.Equal("PodDisruptionBudget.policy \"conditions\" is invalid: status.conditions[1].type: Duplicate value: \"Ready\"", twice);
    }

    [Theory]
    [InlineData("deployments", """{"replicas":1,"readyReplicas":2}""", "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas")]
    [InlineData("deployments", """{"replicas":2,"readyReplicas":1,"availableReplicas":2}""", "status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas")]
    [InlineData("deployments", """{"unavailableReplicas":-1}""", "status.unavailableReplicas: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("replicasets", """{"replicas":1,"fullyLabeledReplicas":3}""", "status.fullyLabeledReplicas: Invalid value: 3: cannot be greater than status.replicas")]
    [InlineData("replicasets", """{"replicas":0,"observedGeneration":-2}""", "status.observedGeneration: Invalid value: -2: must be greater than or equal to 0")]
    [InlineData("daemonsets", """{"numberMisscheduled":-1}""", "status.numberMisscheduled: Invalid value: -1: must be greater than or equal to 0")]
    public async Task BadStatus_Is422_WithUpstreamsMessage(string resource, string status, string cause)
    {
        var kind = resource switch { "deployments" => "Deployment", "replicasets" => "ReplicaSet", _ => "DaemonSet" };
        var name = "bad-" + Guid.NewGuid().ToString("N")[..8];
        await Server.Http.CreateAsync($"/apis/apps/v1/namespaces/{Ns}/{resource}", Manifest(kind, name));

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{Ns}/{resource}/{name}/status",
            $$$"""{"status":{{{status}}}}""", "application/merge-patch+json");

        Assert.Equal($"{kind}.apps \"{name}\" is invalid: {cause}", message);
    }

    [Fact]
    public async Task CollisionCount_CannotBeDecremented_NorUnset()
    {
        var path = $"/apis/apps/v1/namespaces/{Ns}/deployments/collide";
        await Server.Http.CreateAsync($"/apis/apps/v1/namespaces/{Ns}/deployments", Manifest("Deployment", "collide"));
        await Server.Http.MergePatchAsync(path + "/status", """{"status":{"collisionCount":2}}""");

        var lowered = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, path + "/status", """{"status":{"collisionCount":1}}""", "application/merge-patch+json");
        var unset = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, path + "/status", """{"status":{"collisionCount":null}}""", "application/merge-patch+json");

        Assert.Equal("Deployment.apps \"collide\" is invalid: status.collisionCount: Invalid value: 1: cannot be decremented", lowered);
        Assert.Equal("Deployment.apps \"collide\" is invalid: status.collisionCount: Invalid value: 0: cannot be decremented", unset);
    }

    private static string Manifest(string kind, string name) =>
        $$$"""
        {"apiVersion":"apps/v1","kind":"{{{kind}}}","metadata":{"name":"{{{name}}}"},
         "spec":{{{{(kind == "DaemonSet" ? "" : "\"replicas\":0,")}}}"selector":{"matchLabels":{"app":"{{{name}}}"}},
          "template":{"metadata":{"labels":{"app":"{{{name}}}"}},"spec":{"nodeSelector":{"no-such-node":"true"},"containers":[{"name":"c","image":"busybox"}]}} } }
        """;

    /// <summary>Straight into the store, past admission, as an older server would have written it.</summary>
    private async Task StoreAsync(string resource, string name, string kind, string spec, string status)
    {
        var obj = JsonNode.Parse($$$"""
            {"apiVersion":"apps/v1","kind":"{{{kind}}}","metadata":{"name":"{{{name}}}","namespace":"{{{Ns}}}","uid":"{{{Guid.NewGuid()}}}",
             "generation":1,"creationTimestamp":"2026-01-01T00:00:00Z","annotations":{"deprecated.daemonset.template.generation":"1"}},
             "spec":{{{spec}}},"status":{{{status}}}}
            """)!.AsObject();
        var store = Server.Services.GetRequiredService<ObjectStore>();
        await store.WriteAsync(new WriteCommand(WriteKind.Create, resource + ".apps", Ns, name, obj));
    }
}
