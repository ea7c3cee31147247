using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Kinds;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>
/// Pod totals and quota usage as pkg/api/v1/resource PodRequests/PodLimits and pkg/quota/v1/evaluator/core/pods.go
/// compute them; every expected figure below is worked out by hand from those rules.
/// </summary>
public sealed class QuotaEvaluatorTests
{
    private static readonly k8s.Models.V1Pod Empty = new();

    private static V1Container Container(string name, string? cpuRequest = null, string? cpuLimit = null, string? restartPolicy = null) => new()
    {
        Name = name,
        RestartPolicy = restartPolicy,
        Resources = new V1ResourceRequirements
        {
            Requests = cpuRequest is null ? null : new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuRequest) },
            Limits = cpuLimit is null ? null : new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuLimit) },
        },
    };

    [Fact]
    public void PodTotals_AddSidecars_AndTakeTheLargestInitContainerWithTheSidecarsBeforeIt()
    {
        var spec = new V1PodSpec
        {
            // app containers: 300m
            Containers = [Container("a", "100m"), Container("b", "200m")],
            // sidecar 50m joins the sum (350m); the later init container needs 400m + 50m = 450m, more than 350m.
            InitContainers = [Container("side", "50m", restartPolicy: "Always"), Container("init", "400m")],
        };

        var requests = LimitRanger.PodTotals(spec, limits: false);

        Assert.Equal(0.45m, requests["cpu"].ToDecimal());
    }

    [Fact]
    public void PodTotals_KeepTheAppSum_WhenNoInitContainerNeedsMore()
    {
        var spec = new V1PodSpec { Containers = [Container("a", "1")], InitContainers = [Container("init", "500m")] };

        Assert.Equal(1m, LimitRanger.PodTotals(spec, limits: false)["cpu"].ToDecimal());
    }

    [Fact]
    public void PodUsage_AddsOverheadToRequests_ButOnlyToLimitsThePodSets()
    {
        var pods = new PodKind().Type;
        var pod = new V1Pod
        {
            Spec = new V1PodSpec
            {
                Containers = [Container("a", "100m", "200m")],
                Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("64Mi") },
            },
        };

        var usage = QuotaEvaluator.Usage(pods, pod, DateTimeOffset.UnixEpoch);

        Assert.Equal(0.11m, usage["requests.cpu"].ToDecimal());
        Assert.Equal(0.11m, usage["cpu"].ToDecimal());
        Assert.Equal(0.21m, usage["limits.cpu"].ToDecimal());
        Assert.Equal(64m * 1024 * 1024, usage["requests.memory"].ToDecimal());
        Assert.False(usage.ContainsKey("limits.memory"));
        Assert.Equal(1m, usage["pods"].ToDecimal());
        Assert.Equal(1m, usage["count/pods"].ToDecimal());
    }

    [Fact]
    public void FinishedPod_IsChargedAsAnObjectOnly()
    {
        var pod = new V1Pod { Spec = new V1PodSpec { Containers = [Container("a", "1")] }, Status = new V1PodStatus { Phase = "Succeeded" } };

        var usage = QuotaEvaluator.Usage(new PodKind().Type, pod, DateTimeOffset.UnixEpoch);

        Assert.Equal(["count/pods"], usage.Keys);
    }

    [Fact]
    public void PodPastItsGracePeriod_IsNoLongerCharged()
    {
        var deleted = new DateTime(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
        var pod = new V1Pod { Metadata = new V1ObjectMeta { DeletionTimestamp = deleted, DeletionGracePeriodSeconds = 30 } };

        Assert.True(QuotaEvaluator.Charged(pod, new DateTimeOffset(deleted).AddSeconds(30)));
        Assert.False(QuotaEvaluator.Charged(pod, new DateTimeOffset(deleted).AddSeconds(31)));
        Assert.True(QuotaEvaluator.Charged(Empty, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void MissingContainerResources_NamesEachResourceAndItsContainers_Sorted()
    {
        var pod = new V1Pod { Spec = new V1PodSpec { Containers = [Container("web", "100m"), Container("api")], InitContainers = [Container("init")] } };

        var message = QuotaEvaluator.MissingContainerResources(["limits.cpu", "pods", "requests.cpu"], pod);

        Assert.Equal("must specify limits.cpu for: api,init,web; requests.cpu for: api,init", message);
        Assert.Null(QuotaEvaluator.MissingContainerResources(["pods", "count/pods"], pod));
    }

    [Theory]
    [InlineData("count/pods", true)]
    [InlineData("requests.nvidia.com/gpu", true)]
    [InlineData("hugepages-2Mi", true)]
    [InlineData("services", false)]
    [InlineData("count/services", false)]
    public void PodEvaluator_HandlesItsNames(string name, bool handled)
    {
        Assert.Equal(handled, QuotaEvaluator.Handles(new PodKind().Type, name));
    }
}
