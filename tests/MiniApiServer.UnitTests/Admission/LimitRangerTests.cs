using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>The LimitRanger plugin's pure rules (plugin/pkg/admission/limitranger/admission.go), figures worked out by hand.</summary>
public sealed class LimitRangerTests
{
    private static V1LimitRange Range(params V1LimitRangeItem[] items) => new() { Spec = new V1LimitRangeSpec { Limits = items } };

    private static Dictionary<string, ResourceQuantity> Cpu(string value) => new() { ["cpu"] = new(value) };

    [Fact]
    public void Mutate_DefaultsInitContainersToo_AndLaterItemsWin()
    {
        var pod = new V1Pod { Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }], InitContainers = [new V1Container { Name = "setup" }] } };
        var range = Range(
            new V1LimitRangeItem { Type = "Container", DefaultProperty = Cpu("1"), DefaultRequest = Cpu("500m") },
            new V1LimitRangeItem { Type = "Container", DefaultRequest = Cpu("250m") });

        Assert.True(LimitRanger.Mutate(range, pod));

        Assert.Equal(0.25m, pod.Spec.InitContainers[0].Resources.Requests["cpu"].ToDecimal());
        Assert.Equal(1m, pod.Spec.InitContainers[0].Resources.Limits["cpu"].ToDecimal());
        Assert.Equal(
            "LimitRanger plugin set: cpu request for container app; cpu limit for container app; cpu request for init container setup; cpu limit for init container setup",
            pod.Metadata.Annotations[LimitRanger.Annotation]);
    }

    [Fact]
    public void Validate_ComparesMilliValues_AndPrintsTheRatioAsGoPercentF()
    {
        var pod = new V1Pod { Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Resources = new V1ResourceRequirements { Requests = Cpu("300m"), Limits = Cpu("1") } }] } };
        var range = Range(new V1LimitRangeItem { Type = "Container", MaxLimitRequestRatio = Cpu("3") });

        var errors = LimitRanger.Validate(range, pod);

        // 1000m / 300m = 3.333…, above 3.
        Assert.Equal(["cpu max limit to request ratio per Container is 3, but provided ratio is 3.333333"], errors);
    }

    [Fact]
    public void Validate_AClaimWithoutAStorageRequest_IsRefusedByAMax()
    {
        var claim = new V1PersistentVolumeClaim { Spec = new V1PersistentVolumeClaimSpec() };
        var range = Range(new V1LimitRangeItem { Type = "PersistentVolumeClaim", Max = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") } });

        Assert.Equal(["maximum storage usage per PersistentVolumeClaim is 10Gi.  No request is specified"], LimitRanger.Validate(range, claim));
    }
}
