using k8s.Models;
using MiniApiServer.Controllers.ApiRegistration;

namespace MiniApiServer.UnitTests.ApiRegistration;

/// <summary>kube-aggregator pkg/controllers/autoregister/autoregister_controller_test.go TestSync's cases.</summary>
public class AutoRegisterDecisionTests
{
    private static V1APIService Service(string? managed = null, int versionPriority = 15) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "v1.foo",
            Labels = managed is null ? null : new Dictionary<string, string> { ["kube-aggregator.kubernetes.io/automanaged"] = managed },
        },
        Spec = new V1APIServiceSpec { Group = "foo", Version = "v1", GroupPriorityMinimum = 100, VersionPriority = versionPriority },
    };

    public static TheoryData<string, V1APIService?, V1APIService?, bool, bool, AutoRegisterAction> Cases => new()
    {
        { "a stored APIService that is not auto-managed is left alone", null, Service(), false, false, AutoRegisterAction.None },
        { "one to sync continuously is created", Service("true"), null, false, false, AutoRegisterAction.Create },
        { "one to sync that matches is left alone", Service("true"), Service("true"), false, false, AutoRegisterAction.None },
        { "a continuously managed one nobody wants is deleted", null, Service("true"), false, false, AutoRegisterAction.Delete },
        { "a user's APIService of the same name is not taken over", Service("true"), Service(), false, false, AutoRegisterAction.None },
        { "a modified continuously managed one is stomped", Service("true"), Service("true", versionPriority: 99), true, false, AutoRegisterAction.Update },
        { "one to sync on start is created", Service("onstart"), null, false, false, AutoRegisterAction.Create },
        { "one to sync on start already synced does nothing", Service("onstart"), null, true, false, AutoRegisterAction.None },
        { "an on-start one stored at start that nobody wants is deleted", null, Service("onstart"), false, true, AutoRegisterAction.Delete },
        { "the same, already synced once, is left alone", null, Service("onstart"), true, true, AutoRegisterAction.None },
        { "an on-start one not stored at start is left alone", null, Service("onstart"), false, false, AutoRegisterAction.None },
        { "a modified one is stomped by its on-start registration", Service("onstart"), Service("true", versionPriority: 99), false, false, AutoRegisterAction.Update },
        { "a modified one is left alone once its on-start registration synced", Service("onstart"), Service("true", versionPriority: 99), true, false, AutoRegisterAction.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_FollowsCheckAPIService(string name, V1APIService? desired, V1APIService? current, bool hasSynced, bool existedAtStart, AutoRegisterAction expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, AutoRegisterDecision.Decide(desired, current, hasSynced, existedAtStart));
    }

    [Fact]
    public void ForServed_UsesKubeApiServersTable_AndSkipsWhatItDoesNotKnow()
    {
        var apps = APIServicePriorities.ForServed("apps", "v1")!;
        Assert.Equal("v1.apps", apps.Metadata.Name);
        Assert.Equal((17800, 15), (apps.Spec.GroupPriorityMinimum, apps.Spec.VersionPriority));
        Assert.Equal("onstart", apps.Metadata.Labels["kube-aggregator.kubernetes.io/automanaged"]);
        Assert.Equal("v1.", APIServicePriorities.ForServed("", "v1")!.Metadata.Name);
        Assert.Equal((17500, 30), (APIServicePriorities.ForServed("autoscaling", "v2")!.Spec.GroupPriorityMinimum, APIServicePriorities.ForServed("autoscaling", "v2")!.Spec.VersionPriority));
        Assert.Null(APIServicePriorities.ForServed("wardle.example.com", "v1alpha1"));
        var crd = APIServicePriorities.ForCustomResource("stable.example.com", "v1");
        Assert.Equal(("v1.stable.example.com", 1000, 100, "true"),
            (crd.Metadata.Name, crd.Spec.GroupPriorityMinimum, crd.Spec.VersionPriority, crd.Metadata.Labels["kube-aggregator.kubernetes.io/automanaged"]));
    }
}
