using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;

namespace MiniApiServer.UnitTests.Kinds;

/// <summary>pkg/apis/autoscaling/v1/conversion.go: what autoscaling/v1 shows of a v2 object, and how it comes back.</summary>
public class HorizontalPodAutoscalerV1ConversionTests
{
    private static readonly HorizontalPodAutoscalerV1Conversion Conversion = new();

    /// <summary>The stored object; with <paramref name="cpuFirst"/> its cpu metric comes first, as a v2 client may well write it.</summary>
    private static JsonObject V2(bool cpuFirst = false)
    {
        var obj = JsonNode.Parse(Stored)!.AsObject();
        if (cpuFirst)
        {
            var metrics = obj["spec"]!["metrics"]!.AsArray();
            var cpu = metrics[1]!;
            metrics.RemoveAt(1);
            metrics.Insert(0, cpu);
        }
        return obj;
    }

    private const string Stored = """
        {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
         "metadata":{"name":"web","namespace":"default","annotations":{"team":"a"}},
         "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":6,
          "metrics":[{"type":"Pods","pods":{"metric":{"name":"rps"},"target":{"type":"AverageValue","averageValue":"10"}}},
                     {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}}]},
         "status":{"currentReplicas":3,"desiredReplicas":4,
          "currentMetrics":[{"type":""},{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":91,"averageValue":"910m"}}}],
          "conditions":[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-12-06T12:00:00Z","reason":"SucceededRescale","message":"the HPA controller was able to update the target scale to 4"}]}}
        """;

    [Fact]
    public void FromStorage_PutsCpuInTheFields_AndEverythingElseInTheAnnotations()
    {
        var v1 = Conversion.FromStorage(V2());

        Assert.Equal("autoscaling/v1", v1["apiVersion"]!.GetValue<string>());
        Assert.Equal(70, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
        Assert.Equal(91, v1["status"]!["currentCPUUtilizationPercentage"]!.GetValue<int>());
        var annotations = v1["metadata"]!["annotations"]!.AsObject();
        Assert.Equal("a", annotations["team"]!.GetValue<string>());
        Assert.Equal("""[{"type":"Pods","pods":{"metricName":"rps","targetAverageValue":"10"}}]""",
            annotations["autoscaling.alpha.kubernetes.io/metrics"]!.GetValue<string>());
        Assert.Equal("""[{"type":""},{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":91,"currentAverageValue":"910m"}}]""",
            annotations["autoscaling.alpha.kubernetes.io/current-metrics"]!.GetValue<string>());
        // Go marshals v1's condition struct in its field order: type, status, lastTransitionTime, reason, message.
        Assert.Equal("""[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-12-06T12:00:00Z","reason":"SucceededRescale","message":"the HPA controller was able to update the target scale to 4"}]""",
            annotations["autoscaling.alpha.kubernetes.io/conditions"]!.GetValue<string>());
        Assert.Null(annotations["autoscaling.alpha.kubernetes.io/behavior"]);
    }

    [Fact]
    public void ToStorage_OfWhatFromStorageGave_IsTheV2Object_WithCpuLast()
    {
        var back = Conversion.ToStorage(Conversion.FromStorage(V2(cpuFirst: true)));

        var expected = V2();
        Assert.True(JsonNode.DeepEquals(expected["status"], back["status"]), back["status"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected["metadata"], back["metadata"]), back["metadata"]!.ToJsonString());
        // Written cpu first, read back with the annotation's metrics first and the cpu one last, as upstream's conversion orders them.
        Assert.NotEqual(V2(cpuFirst: true)["spec"]!["metrics"]!.ToJsonString(), back["spec"]!["metrics"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected["spec"]!["metrics"], back["spec"]!["metrics"]), back["spec"]!["metrics"]!.ToJsonString());
    }

    [Fact]
    public void ToStorage_RefusesAnotherKindOrVersion_AndIgnoresAnAnnotationThatIsNotJson()
    {
        var wrongKind = JsonNode.Parse("""{"apiVersion":"autoscaling/v1","kind":"Scale"}""")!.AsObject();
        Assert.Equal("the kind in the data (Scale) does not match the expected kind (HorizontalPodAutoscaler)",
            Assert.Throws<MiniApiServer.Application.Errors.ApiException>(() => Conversion.ToStorage(wrongKind)).Message);

        var garbled = JsonNode.Parse("""
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"x","annotations":{"autoscaling.alpha.kubernetes.io/metrics":"not json"}},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"x"},"maxReplicas":2,"targetCPUUtilizationPercentage":50}}
            """)!.AsObject();
        var v2 = Conversion.ToStorage(garbled);
        Assert.Equal("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]""", v2["spec"]!["metrics"]!.ToJsonString());
        Assert.Null(v2["metadata"]!["annotations"]);
    }
}
