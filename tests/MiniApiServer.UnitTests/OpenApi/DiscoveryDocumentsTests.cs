using MiniApiServer.OpenApi;
using System.Text.Json.Nodes;
using MiniApiServer.Discovery;

namespace MiniApiServer.UnitTests.OpenApi;

public class DiscoveryDocumentsTests
{
    private static IEnumerable<JsonNode> Resources(JsonObject aggregated, string group) =>
        aggregated["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.GetValue<string>() == group)!
            ["versions"]![0]!["resources"]!.AsArray()!;

    [Fact]
    public void AggregatedApisListsDaemonSetsWithShortName()
    {
        var apis = DiscoveryDocuments.AggregatedGroups(TestResources.Types);

        Assert.Equal("APIGroupDiscoveryList", apis["kind"]!.GetValue<string>());
        var ds = Resources(apis, "apps").Single(r => r["resource"]!.GetValue<string>() == "daemonsets");
        Assert.Equal(["ds"], ds["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["all"], ds["categories"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("Namespaced", ds["scope"]!.GetValue<string>());
        Assert.Equal("DaemonSet", ds["responseKind"]!["kind"]!.GetValue<string>());
        Assert.Equal(DiscoveryDocuments.ResourceVerbs, ds["verbs"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("status", ds["subresources"]![0]!["subresource"]!.GetValue<string>());
        Assert.DoesNotContain(apis["items"]!.AsArray(), i => i!["metadata"]!["name"]!.GetValue<string>() == "");
    }

    [Fact]
    public void AggregatedCoreHasBindingAndFinalizeSubresources()
    {
        var core = DiscoveryDocuments.AggregatedCore(TestResources.Types);

        Assert.Single(core["items"]!.AsArray());
        var pods = Resources(core, "").Single(r => r["resource"]!.GetValue<string>() == "pods");
        var binding = pods["subresources"]!.AsArray().Single(s => s!["subresource"]!.GetValue<string>() == "binding")!;
        Assert.Equal("Binding", binding["responseKind"]!["kind"]!.GetValue<string>());
        Assert.Equal(["create"], binding["verbs"]!.AsArray().Select(n => n!.GetValue<string>()));
        var nodes = Resources(core, "").Single(r => r["resource"]!.GetValue<string>() == "nodes");
        Assert.Equal("Cluster", nodes["scope"]!.GetValue<string>());
        var finalize = Resources(core, "").Single(r => r["resource"]!.GetValue<string>() == "namespaces")["subresources"]!
            .AsArray().Single(s => s!["subresource"]!.GetValue<string>() == "finalize")!;
        Assert.Equal(["update"], finalize["verbs"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void LegacyDocumentsHaveTheRequiredKeys()
    {
        var versions = DiscoveryDocuments.ApiVersions(TestResources.Types, "127.0.0.1:6443");
        var groups = DiscoveryDocuments.ApiGroupList(TestResources.Types);
        var core = DiscoveryDocuments.ApiResourceList(TestResources.Types, "", "v1");

        Assert.Equal(["v1"], versions["versions"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.NotEmpty(versions["serverAddressByClientCIDRs"]!.AsArray());
        // The aggregator's order: apiregistration.k8s.io first, then by kube-apiserver's group priorities (apps 17800,
        // events.k8s.io 17750, ..., discovery.k8s.io 16200), ties by name.
        Assert.Equal(["apiregistration.k8s.io", "apps", "events.k8s.io", "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
            "storage.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io", "flowcontrol.apiserver.k8s.io"],
            groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()));
        Assert.Equal("v1", core["groupVersion"]!.GetValue<string>());
        var pods = core["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods")!;
        Assert.Equal("xPOwRZ+Yhw8=", pods["storageVersionHash"]!.GetValue<string>());
        Assert.Contains(core["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "pods/status" && r["kind"]!.GetValue<string>() == "Pod");
        // Both autoscaling versions name the storage version, autoscaling/v2 HorizontalPodAutoscaler.
        var hashes = new[] { "v1", "v2" }.Select(v => DiscoveryDocuments.ApiResourceList(TestResources.Types, "autoscaling", v)["resources"]!.AsArray()
            .Single(r => r!["name"]!.GetValue<string>() == "horizontalpodautoscalers")!["storageVersionHash"]!.GetValue<string>()).ToList();
        Assert.Equal("qwQve8ut294=", hashes[0]); // base64(sha256("autoscaling/v2/HorizontalPodAutoscaler")[:8])
        Assert.Equal(hashes[0], hashes[1]);
        Assert.Contains(core["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "pods/binding" && r["kind"]!.GetValue<string>() == "Binding");
        // kubectl drain's CheckEvictionSupport: pods/eviction in /api/v1 with a group and version names the Eviction to send.
        var eviction = core["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods/eviction")!;
        Assert.Equal(("policy", "v1", "Eviction", "create"), (eviction["group"]!.GetValue<string>(), eviction["version"]!.GetValue<string>(),
            eviction["kind"]!.GetValue<string>(), eviction["verbs"]![0]!.GetValue<string>()));
    }
}
