using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Policy;

/// <summary>
/// LimitRanges over HTTP: SetDefaults_LimitRangeItem and ValidateLimitRange (pkg/apis/core), and the LimitRanger
/// admission plugin (plugin/pkg/admission/limitranger/admission.go) on pods and claims. Expected texts are upstream's.
/// </summary>
public sealed class LimitRangeTests : ServerTest
{
    private const string Ranges = "/api/v1/namespaces/default/limitranges";
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Claims = "/api/v1/namespaces/default/persistentvolumeclaims";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Range(string name, string limits) =>
        $$$"""{"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"{{{name}}}"},"spec":{"limits":{{{limits}}}}}""";

    private static string Pod(string name, params string[] containerResources)
    {
        var containers = string.Join(",", containerResources.Select((r, i) => $$"""{"name":"c{{i}}","image":"nginx","resources":{{r}}}"""));
        return $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{{{containers}}}]}}""";
    }

    private static string Claim(string name, string storage) =>
        $$"""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"{{name}}"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"{{storage}}"}""" + "}}}";

    [Fact]
    public async Task ContainerItem_DefaultsFromMaxAndMin()
    {
        var created = await Server.Http.CreateAsync(Ranges, Range("lr", """[{"type":"Container","max":{"cpu":"2"},"min":{"memory":"64Mi"},"default":{"memory":"256Mi"}}]"""));

        var item = created["spec"]!["limits"]![0]!;
        Assert.Equal("2", item.Str("default", "cpu"));
        Assert.Equal("256Mi", item.Str("default", "memory"));
        // The default request is the default limit where one is given, else the min.
        Assert.Equal("2", item.Str("defaultRequest", "cpu"));
        Assert.Equal("256Mi", item.Str("defaultRequest", "memory"));
        var got = await Server.Http.GetJsonAsync($"{Ranges}/lr");
        Assert.Equal("2", got!["spec"]!["limits"]![0]!.Str("defaultRequest", "cpu"));
    }

    [Fact]
    public async Task DefaultRequestAlone_LeavesNoEmptyMaps()
    {
        var created = await Server.Http.CreateAsync(Ranges, Range("lr", """[{"type":"Container","defaultRequest":{"cpu":"100m"}}]"""));
        Assert.Null(created["spec"]!["limits"]![0]!["default"]);

        var pod = await Server.Http.CreateAsync(Pods, Pod("web", "{}"));

        var resources = pod["spec"]!["containers"]![0]!["resources"]!.AsObject();
        Assert.Equal("100m", resources.Str("requests", "cpu"));
        // Go's omitempty writes no "limits": {} for a container the range gave requests only.
        Assert.False(resources.ContainsKey("limits"));
    }

    [Theory]
    [InlineData("""[{"type":"Container","min":{"cpu":"2"},"max":{"cpu":"1"}}]""", "[spec.limits[0].min[cpu]: Invalid value: \"2\": min value 2 is greater than max value 1, spec.limits[0].defaultRequest[cpu]: Invalid value: \"1\": min value 2 is greater than default request value 1, spec.limits[0].default[cpu]: Invalid value: \"2\": min value 2 is greater than default value 1]")]
    [InlineData("""[{"type":"Pod","max":{"cpu":"1"},"default":{"cpu":"1"}}]""", "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'")]
    [InlineData("""[{"type":"Container","max":{"cpu":"1"}},{"type":"Container","max":{"memory":"1Gi"}}]""", "spec.limits[1].type: Duplicate value: \"Container\"")]
    [InlineData("""[{"type":"Node","max":{"cpu":"1"}}]""", "spec.limits[0].type: Invalid value: \"Node\": must be a standard limit type or fully qualified")]
    [InlineData("""[{"type":"Container","max":{"pods":"1"}}]""", "[spec.limits[0].max[pods]: Invalid value: \"pods\": must be a standard resource for containers, spec.limits[0].default[pods]: Invalid value: \"pods\": must be a standard resource for containers, spec.limits[0].defaultRequest[pods]: Invalid value: \"pods\": must be a standard resource for containers]")]
    [InlineData("""[{"type":"PersistentVolumeClaim","max":{"cpu":"1"}}]""", "spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided")]
    [InlineData("""[{"type":"Container","maxLimitRequestRatio":{"cpu":"500m"}}]""", "spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: \"500m\": ratio 500m is less than 1")]
    [InlineData("""[{"type":"Container","min":{"cpu":"1"},"max":{"cpu":"2"},"maxLimitRequestRatio":{"cpu":"3"}}]""", "spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: \"3\": ratio 3 is greater than max/min = 2.000000")]
    public async Task InvalidRange_Is422(string limits, string cause)
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Ranges, Range("bad", limits));

        Assert.Equal($"LimitRange \"bad\" is invalid: {cause}", message);
        Assert.Empty(await Server.Http.ListItemsAsync(Ranges));
    }

    [Fact]
    public async Task CreatedPod_GetsTheRangesDefaults_AndTheAnnotationSaysWhich()
    {
        await Server.Http.CreateAsync(Ranges, Range("lr", """[{"type":"Container","default":{"cpu":"500m","memory":"256Mi"},"defaultRequest":{"cpu":"100m","memory":"128Mi"}}]"""));

        var pod = await Server.Http.CreateAsync(Pods, Pod("web", "{}", """{"limits":{"cpu":"1"}}"""));

        var first = pod["spec"]!["containers"]![0]!["resources"]!;
        Assert.Equal("100m", first.Str("requests", "cpu"));
        Assert.Equal("128Mi", first.Str("requests", "memory"));
        Assert.Equal("500m", first.Str("limits", "cpu"));
        Assert.Equal("256Mi", first.Str("limits", "memory"));
        // A limit the pod gives is its request (SetDefaults_Pod runs at decode, before admission), not the default request.
        var second = pod["spec"]!["containers"]![1]!["resources"]!;
        Assert.Equal("1", second.Str("requests", "cpu"));
        Assert.Equal("1", second.Str("limits", "cpu"));
        Assert.Equal("128Mi", second.Str("requests", "memory"));
        Assert.Equal(
            "LimitRanger plugin set: cpu, memory request for container c0; cpu, memory limit for container c0; memory request for container c1; memory limit for container c1",
            pod["metadata"]!["annotations"]!.Str("kubernetes.io/limit-ranger"));
        Assert.Equal("Burstable", pod.Str("status", "qosClass"));
    }

    [Fact]
    public async Task YamlPod_IsDefaultedToo()
    {
        await Server.Http.CreateAsync(Ranges, Range("lr", """[{"type":"Container","default":{"memory":"64Mi"}}]"""));
        const string yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: yp\nspec:\n  containers:\n  - name: app\n    image: nginx\n";

        var (code, pod) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, yaml, "application/yaml");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal("64Mi", pod["spec"]!["containers"]![0]!["resources"].Str("limits", "memory"));
        Assert.Equal("64Mi", pod["spec"]!["containers"]![0]!["resources"].Str("requests", "memory"));
        Assert.Equal("LimitRanger plugin set: memory request for container app; memory limit for container app", pod["metadata"]!["annotations"].Str("kubernetes.io/limit-ranger"));
    }

    [Fact]
    public async Task PodOutsideTheRange_Is403_AndNothingIsStored()
    {
        await Server.Http.CreateAsync(Ranges, Range("lr", """[{"type":"Container","max":{"cpu":"1"},"min":{"memory":"100Mi"},"maxLimitRequestRatio":{"memory":"2"}}]"""));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("big", """{"limits":{"cpu":"2","memory":"1Gi"},"requests":{"memory":"50Mi"}}"""));

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("Forbidden", status.Str("reason"));
        Assert.Equal(
            "pods \"big\" is forbidden: [minimum memory usage per Container is 100Mi, but request is 50Mi, maximum cpu usage per Container is 1, but limit is 2, memory max limit to request ratio per Container is 2, but provided ratio is 20.480000]",
            status.Str("message"));
        Assert.Equal("big", status.Str("details", "name"));
        Assert.Equal("pods", status.Str("details", "kind"));
        Assert.Empty(await Server.Http.ListItemsAsync(Pods));
    }

    [Fact]
    public async Task PodItem_SumsTheContainers_AndNamesAGeneratedPod()
    {
        await Server.Http.CreateAsync(Ranges, Range("lr", """[{"type":"Pod","max":{"memory":"1Gi"}}]"""));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods,
            """{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-"},"spec":{"containers":[{"name":"a","image":"nginx","resources":{"limits":{"memory":"768Mi"}}},{"name":"b","image":"nginx","resources":{"limits":{"memory":"512Mi"}}}]}}""");

        Assert.Equal(HttpStatusCode.Forbidden, code);
        var message = status.Str("message")!;
        Assert.StartsWith("pods \"web-", message);
        Assert.EndsWith("\" is forbidden: maximum memory usage per Pod is 1Gi, but limit is 1280Mi", message);
        Assert.NotEqual("web-", status.Str("details", "name"));
        Assert.Empty(await Server.Http.ListItemsAsync(Pods));

        // One container within the pod's max is admitted.
        await Server.Http.CreateAsync(Pods, Pod("small", """{"limits":{"memory":"768Mi"}}"""));
    }

    [Fact]
    public async Task ClaimOutsideTheRange_Is403_OnCreateAndOnAnyUpdate()
    {
        await Server.Http.CreateAsync(Ranges, Range("storage", """[{"type":"PersistentVolumeClaim","min":{"storage":"1Gi"},"max":{"storage":"10Gi"}}]"""));

        var (small, smallStatus) = await Server.Http.SendJsonAsync(HttpMethod.Post, Claims, Claim("tiny", "500Mi"));
        Assert.Equal(HttpStatusCode.Forbidden, small);
        Assert.Equal("persistentvolumeclaims \"tiny\" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi", smallStatus.Str("message"));

        await Server.Http.CreateAsync(Claims, Claim("data", "5Gi"));
        await Server.Http.CreateAsync(Ranges, Range("tighter", """[{"type":"PersistentVolumeClaim","max":{"storage":"4Gi"}}]"""));
        // Any update of a claim is checked, a label's too: the claim already asks for more than the newer range allows.
        var (labelled, labelledStatus) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Claims}/data",
            """{"metadata":{"labels":{"tier":"db"}}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Forbidden, labelled);
        Assert.Equal("persistentvolumeclaims \"data\" is forbidden: maximum storage usage per PersistentVolumeClaim is 4Gi, but request is 5Gi", labelledStatus.Str("message"));
        Assert.Null((await Server.Http.GetJsonAsync($"{Claims}/data"))!["metadata"]!["labels"]);
    }

    [Fact]
    public async Task ControllersPods_AreDefaultedAndChecked_AsAnyCreate()
    {
        await Server.Http.CreateAsync(Ranges, Range("lr", """[{"type":"Container","default":{"cpu":"300m"},"max":{"memory":"1Gi"}}]"""));

        // A ReplicaSet's controller creates its pods in process, on the model path: the plugin applies there too.
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/replicasets",
            """{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"rs"}},"template":{"metadata":{"labels":{"app":"rs"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}}}""");
        var pods = await Eventually.Get(() => Server.Http.ListItemsAsync(Pods), p => p.Count == 2, what: "the ReplicaSet's two pods");

        Assert.All(pods, pod =>
        {
            var resources = pod["spec"]!["containers"]![0]!["resources"];
            Assert.Equal("300m", resources.Str("limits", "cpu"));
            Assert.Equal("300m", resources.Str("requests", "cpu"));
            Assert.Equal("1Gi", resources.Str("limits", "memory"));
            Assert.Equal("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app", pod["metadata"]!["annotations"].Str("kubernetes.io/limit-ranger"));
        });
    }

    [Fact]
    public async Task PodsInOtherNamespaces_AreUntouched()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"other"}}""");
        await Server.Http.CreateAsync(Ranges, Range("lr", """[{"type":"Container","max":{"cpu":"1"}}]"""));

        var pod = await Server.Http.CreateAsync("/api/v1/namespaces/other/pods", Pod("free", """{"limits":{"cpu":"4"}}"""));

        Assert.Equal("4", pod["spec"]!["containers"]![0]!["resources"].Str("limits", "cpu"));
        Assert.Null(pod["metadata"]!["annotations"]?["kubernetes.io/limit-ranger"]);
    }
}
