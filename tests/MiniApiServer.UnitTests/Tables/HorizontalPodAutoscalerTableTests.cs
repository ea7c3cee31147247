using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

/// <summary>printers.go printHorizontalPodAutoscaler and formatHPAMetrics; expected cells written out by hand from upstream's formats.</summary>
public class HorizontalPodAutoscalerTableTests
{
    private static JsonObject Hpa(string apiVersion, string spec, string status = "{}") => Parse($$"""
        {
          "apiVersion": "{{apiVersion}}", "kind": "HorizontalPodAutoscaler",
          "metadata": { "name": "web", "namespace": "default", "creationTimestamp": "{{Ago(TimeSpan.FromMinutes(5))}}" },
          "spec": {{spec}}, "status": {{status}}
        }
        """);

    private const string Ref = """ "scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"} """;

    [Fact]
    public void NewHpa_ShowsUnknownCurrentValues_AndUnsetMinPods()
    {
        var table = Table("autoscaling", "horizontalpodautoscalers", Hpa("autoscaling/v2",
            "{" + Ref + ""","maxReplicas":4,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]}"""));

        Assert.Equal(["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"], ColumnNames(table));
        Assert.Equal("""["web","Deployment/web","cpu: <unknown>/50%","<unset>",4,0,"5m"]""", Cells(table).Compact());
    }

    [Fact]
    public void ThreeMetrics_ShowTwo_ThenCountTheRest_EachInItsFormat()
    {
        var spec = "{" + Ref + """
            ,"minReplicas":2,"maxReplicas":9,"metrics":[
              {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}},
              {"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main"},"metric":{"name":"rps"},"target":{"type":"AverageValue","averageValue":"10"}}},
              {"type":"External","external":{"metric":{"name":"queue"},"target":{"type":"Value","value":"30"}}}]}
            """;
        var status = """{"currentReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"memory","current":{"averageValue":"52428800"}}},{"type":""}]}""";

        var table = Table("autoscaling", "horizontalpodautoscalers", Hpa("autoscaling/v2", spec, status));

        Assert.Equal("""["web","Deployment/web","memory: 52428800/100Mi, <unknown>/10 (avg) + 1 more...","2",9,3,"5m"]""", Cells(table).Compact());
    }

    [Fact]
    public void V1Object_IsPrintedFromItsV2Form()
    {
        var table = Table("autoscaling", "horizontalpodautoscalers", Hpa("autoscaling/v1",
            "{" + Ref + ""","minReplicas":1,"maxReplicas":5,"targetCPUUtilizationPercentage":60}""",
            """{"currentReplicas":2,"desiredReplicas":2,"currentCPUUtilizationPercentage":35}"""));

        // Convert_v1_HorizontalPodAutoscalerStatus: currentCPUUtilizationPercentage is the cpu metric's current utilization.
        Assert.Equal("""["web","Deployment/web","cpu: 35%/60%","1",5,2,"5m"]""", Cells(table).Compact());
    }

    [Fact]
    public void NoMetrics_IsNone_AndUtilizationWithoutATarget_IsAuto()
    {
        var none = Table("autoscaling", "horizontalpodautoscalers", Hpa("autoscaling/v2", "{" + Ref + ""","maxReplicas":1}"""));
        Assert.Equal("<none>", Cell(none, "Targets")!.GetValue<string>());

        var auto = Table("autoscaling", "horizontalpodautoscalers", Hpa("autoscaling/v2",
            "{" + Ref + ""","maxReplicas":1,"metrics":[{"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","target":{"type":"Utilization"}}}]}""",
            """{"currentMetrics":[{"type":"ContainerResource","containerResource":{"name":"cpu","container":"app","current":{"averageUtilization":20}}}]}"""));
        Assert.Equal("cpu: 20%/<auto>", Cell(auto, "Targets")!.GetValue<string>());
    }
}
