using System.Net;
using k8s;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Autoscaling.AutoscalingKit;

namespace MiniApiServer.IntegrationTests.Autoscaling;

/// <summary>
/// HorizontalPodAutoscalers over HTTP: ValidateHorizontalPodAutoscaler's messages (pkg/apis/autoscaling/validation),
/// autoscaling/v1 stored as v2 with pkg/apis/autoscaling/v1/conversion.go's round-trip annotations, and the
/// controller's conditions when it cannot scale (horizontal.go). Expected texts are upstream's.
/// </summary>
public sealed class HorizontalPodAutoscalerApiTests : ServerTest
{
    protected override ApiServerHost StartServer() => AutoscalingKit.Start();

    [Fact]
    public async Task Validation_RefusesBadBoundsMetricsAndBehaviors_InUpstreamsWords()
    {
        var bounds = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Hpas, Hpa("bounds", "web", """ "minReplicas":0,"maxReplicas":0,"metrics":[{"type":"Foo"}]"""));
        Assert.Equal("HorizontalPodAutoscaler.autoscaling \"bounds\" is invalid: [spec.minReplicas: Invalid value: 0: must be greater than or equal to 1, "
            + "spec.maxReplicas: Invalid value: 0: must be greater than 0, "
            + "spec.metrics[0].type: Unsupported value: \"Foo\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\", "
            + "spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas]", bounds);

        var order = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Hpas, Hpa("order", "web", """ "minReplicas":3,"maxReplicas":2"""));
        Assert.Equal("HorizontalPodAutoscaler.autoscaling \"order\" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`", order);

        var target = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Hpas, """
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"target"},
             "spec":{"scaleTargetRef":{"kind":"Deploy/ment"},"maxReplicas":2,
              "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":0}}}]}}
            """);
        Assert.Equal("HorizontalPodAutoscaler.autoscaling \"target\" is invalid: [spec.scaleTargetRef.kind: Invalid value: \"Deploy/ment\": may not contain '/', "
            + "spec.scaleTargetRef.name: Required value, "
            + "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0]", target);

        var behavior = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Hpas, Hpa("behavior", "web",
            """ "maxReplicas":2,"behavior":{"scaleDown":{"stabilizationWindowSeconds":3601,"selectPolicy":"Sometimes","policies":[{"type":"Pods","value":0,"periodSeconds":1801}]}}"""));
        Assert.Equal("HorizontalPodAutoscaler.autoscaling \"behavior\" is invalid: [spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600, "
            + "spec.behavior.scaleDown.selectPolicy: Unsupported value: \"Sometimes\": supported values: \"Disabled\", \"Max\", \"Min\", "
            + "spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero, "
            + "spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800]", behavior);

        // A type whose source is missing and another source set: Required alone (the Forbidden is for two sources at once).
        var source = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Hpas, Hpa("source", "web",
            """ "maxReplicas":2,"metrics":[{"type":"Resource","pods":{"metric":{"name":"rps"},"target":{"type":"AverageValue","averageValue":"1"}}}]"""));
        Assert.Equal("HorizontalPodAutoscaler.autoscaling \"source\" is invalid: spec.metrics[0].resource: Required value: must populate information for the given metric source", source);

        Assert.Empty(await Server.Http.ListItemsAsync(Hpas));
    }

    [Fact]
    public async Task OfficialClient_WritesV2WithABehavior_AndReadsItTypedInBothVersions()
    {
        var hpa = new k8s.Models.V2HorizontalPodAutoscaler
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "typed" },
            Spec = new k8s.Models.V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new k8s.Models.V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                MaxReplicas = 4,
                Metrics = [new k8s.Models.V2MetricSpec { Type = "Resource", Resource = new k8s.Models.V2ResourceMetricSource { Name = "memory", Target = new k8s.Models.V2MetricTarget { Type = "AverageValue", AverageValue = new k8s.Models.ResourceQuantity("256Mi") } } }],
                Behavior = new k8s.Models.V2HorizontalPodAutoscalerBehavior { ScaleDown = new k8s.Models.V2HPAScalingRules { SelectPolicy = "Disabled" } },
            },
        };

        var created = await Client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(hpa, "default");
        var listed = Assert.Single((await Client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync("default")).Items);
        var v1 = await Client.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync("typed", "default");

        Assert.Equal(1, created.Spec.MinReplicas);
        Assert.Equal("Disabled", listed.Spec.Behavior.ScaleDown.SelectPolicy);
        // The rules the client left unset are the defaults: scale down 100% per 15 s, scale up 4 pods or 100% per 15 s.
        var down = Assert.Single(listed.Spec.Behavior.ScaleDown.Policies);
        Assert.Equal(("Percent", 100, 15), (down.Type, down.Value, down.PeriodSeconds));
        Assert.Equal(["Pods 4 15", "Percent 100 15"], listed.Spec.Behavior.ScaleUp.Policies.Select(p => $"{p.Type} {p.Value} {p.PeriodSeconds}"));
        Assert.Null(v1.Spec.TargetCPUUtilizationPercentage);
        Assert.Equal("""[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"256Mi"}}]""", v1.Metadata.Annotations["autoscaling.alpha.kubernetes.io/metrics"]);
        Assert.Equal(0, v1.Status.DesiredReplicas);
    }

    [Fact]
    public async Task V2Writes_KeepNoRoundTripAnnotations()
    {
        var created = await Server.Http.CreateAsync(Hpas, """
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
             "metadata":{"name":"plain","annotations":{"team":"a","autoscaling.alpha.kubernetes.io/metrics":"[]","autoscaling.alpha.kubernetes.io/conditions":"[]"}},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":2}}
            """);

        Assert.Equal("""{"team":"a"}""", created["metadata"]!["annotations"]!.ToJsonString());
    }

    [Fact]
    public async Task V1_IsStoredAsV2_AndWhatV1CannotSayTravelsInAnnotations()
    {
        var v1 = await Server.Http.CreateAsync(HpasV1, """
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":5,"targetCPUUtilizationPercentage":60}}
            """);
        Assert.Equal("autoscaling/v1", v1.At("apiVersion"));
        Assert.Equal("1", v1.At("spec", "minReplicas"));
        Assert.Equal("60", v1.At("spec", "targetCPUUtilizationPercentage"));
        Assert.Equal("0", v1.At("status", "currentReplicas"));

        var v2 = (await Server.Http.GetJsonAsync($"{Hpas}/web"))!;
        AssertJson("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}]""", v2["spec"]!["metrics"]);

        // A v2 object with a second metric and a behavior, read as v1: cpu in the field, the rest in annotations.
        var replaced = v2.DeepClone().AsObject();
        replaced["spec"]!["metrics"]!.AsArray().Add(JsonNode.Parse("""{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}"""));
        replaced["spec"]!["behavior"] = JsonNode.Parse("""{"scaleDown":{"stabilizationWindowSeconds":60}}""");
        var (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Hpas}/web", replaced.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, code);
        var asV1 = (await Server.Http.GetJsonAsync($"{HpasV1}/web"))!;
        Assert.Equal("60", asV1.At("spec", "targetCPUUtilizationPercentage"));
        Assert.Equal("""[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]""",
            asV1.At("metadata", "annotations", "autoscaling.alpha.kubernetes.io/metrics"));
        Assert.Equal("""{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}]},"ScaleDown":{"StabilizationWindowSeconds":60,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}""",
            asV1.At("metadata", "annotations", "autoscaling.alpha.kubernetes.io/behavior"));

        // Written back through v1 unchanged, the annotations are turned back into fields. As upstream's conversion does,
        // the annotation's metrics come first and the one targetCPUUtilizationPercentage names last.
        var before = (await Server.Http.GetJsonAsync($"{Hpas}/web"))!;
        var metrics = before["spec"]!["metrics"]!.AsArray();
        var cpu = metrics[0]!;
        metrics.RemoveAt(0);
        metrics.Add(cpu);
        var (putCode, _) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{HpasV1}/web", asV1.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, putCode);
        var after = (await Server.Http.GetJsonAsync($"{Hpas}/web"))!;
        AssertJson(before["spec"]!.ToJsonString(), after["spec"]);
        Assert.Null(after["metadata"]!["annotations"]);
    }

    [Fact]
    public async Task MissingTarget_IsFailedGetScale_AndPodsMetrics_FailWithoutACustomMetricsApi()
    {
        await Server.Http.CreateAsync(Hpas, Hpa("ghost", "ghost", """ "maxReplicas":3"""));
        var ghost = await HpaWhen(Server.Http, "ghost", h => Has(h, "AbleToScale", "False", "FailedGetScale"), "FailedGetScale");
        Assert.Equal("the HPA controller was unable to get the target's current scale: deployments.apps \"ghost\" not found", Condition(ghost, "AbleToScale")!.At("message"));
        Assert.Contains("deployments.apps \"ghost\" not found", await EventMessages(Server.Http, "FailedGetScale"));

        await Server.Http.CreateAsync(DeploymentsPath, Deployment("queue", 1, "50m"));
        await Server.Http.CreateAsync(Hpas, Hpa("queue", "queue", """
            "maxReplicas":3,"metrics":[
             {"type":"Pods","pods":{"metric":{"name":"packets-per-second"},"target":{"type":"AverageValue","averageValue":"1k"}}},
             {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}},
             {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"1Gi"}}}]
            """));
        // One metric of three fails and the others do not scale down: the HPA keeps scaling on what it has, as upstream.
        var queue = await HpaWhen(Server.Http, "queue", h => Has(h, "ScalingActive", "True", "ValidMetricFound") && h.At("status", "currentMetrics", "1", "type") == "Resource", "metrics read");
        Assert.Equal("", queue.At("status", "currentMetrics", "0", "type"));
        Assert.Contains("unable to get metric packets-per-second: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered",
            await EventMessages(Server.Http, "FailedGetPodsMetric"));
        var table = await Kubectl.OkAsync("get", "hpa", "queue", "--no-headers");
        Assert.Matches(@"^queue\s+Deployment/queue\s+<unknown>/1k, cpu: 50%/50% \+ 1 more\.\.\.\s+1\s+3\s+1\s+", table);
    }

    [Fact]
    public async Task TargetScaledAboveMaxReplicas_IsScaledBack_AndTheStatusDropsItsMetrics()
    {
        // One pod at 50% of the default 80% target: the HPA reads its metrics and leaves it at 1.
        await Server.Http.CreateAsync(DeploymentsPath, Deployment("big", 1, "50m"));
        await Server.Http.CreateAsync(Hpas, Hpa("big", "big", """ "maxReplicas":2"""));
        var measured = await HpaWhen(Server.Http, "big", h => h["status"]?["currentMetrics"]?[0]?["resource"] is not null, "metrics read");

        // Every later version of the HPA, from a watch: the rescale's status is seen however soon the next sync (which
        // reads metrics again) replaces it.
        using var http = NewStreamingHttp();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await http.GetAsync($"{Hpas}?watch=1&fieldSelector=metadata.name%3Dbig&resourceVersion={measured.At("metadata", "resourceVersion")}",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await Server.Http.MergePatchAsync($"{DeploymentsPath}/big", """{"spec":{"replicas":5}}""");

        JsonObject? rescaled = null;
        while (rescaled is null && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            var hpa = JsonNode.Parse(line)!["object"]!.AsObject();
            // A rescale whose scale write lost a race with the Deployment controller's own write is a FailedRescale that
            // keeps the old desiredReplicas, as upstream's (setCurrentReplicasAndMetricsInStatus); the next sync rescales.
            rescaled = hpa.At("status", "currentReplicas") == "5" && Has(hpa, "AbleToScale", "True", "SucceededRescale") ? hpa : null;
        }

        // setStatus with no metric statuses: what the last sync measured is not kept beside a count it did not measure.
        Assert.NotNull(rescaled);
        Assert.Equal("2", rescaled.At("status", "desiredReplicas"));
        Assert.Null(rescaled["status"]!["currentMetrics"]);
        Assert.Equal(["New size: 2; reason: Current number of replicas above Spec.MaxReplicas"], await EventMessages(Server.Http, "SuccessfulRescale"));
        await Eventually.Get(() => Server.Http.GetJsonAsync($"{DeploymentsPath}/big"), d => d!["spec"]!["replicas"]!.GetValue<int>() == 2, TimeSpan.FromSeconds(30), "deployment back at 2");
    }

    [Fact]
    public async Task TargetAtZeroReplicas_DisablesScaling()
    {
        await Server.Http.CreateAsync(DeploymentsPath, Deployment("off", 0, "50m"));
        await Server.Http.CreateAsync(Hpas, Hpa("off", "off", """ "maxReplicas":3"""));
        var off = await HpaWhen(Server.Http, "off", h => Has(h, "ScalingActive", "False", "ScalingDisabled"), "ScalingDisabled");
        Assert.Equal("scaling is disabled since the replica count of the target is zero", Condition(off, "ScalingActive")!.At("message"));
        Assert.Equal("0", off.At("status", "desiredReplicas"));
        Assert.Equal(0, (await Server.Http.GetJsonAsync($"{DeploymentsPath}/off"))!["spec"]!["replicas"]!.GetValue<int>());
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString()}");
}
