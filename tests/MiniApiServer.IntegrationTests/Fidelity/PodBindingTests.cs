using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// pods/binding as a scheduler other than the built-in one uses it (pkg/registry/core/pod/storage/storage.go,
/// BindingREST and setPodHostAndAnnotations): spec.nodeName set once, PodScheduled made True; 409 for a UID or a
/// resourceVersion that is not the pod's (etcd3's StorageError, on pods), and for a pod already bound, being
/// deleted or still gated (on pods/binding, as assignPod wraps them; TestEtcdCreateWithSchedulingGates); a dry run
/// changes nothing.
/// </summary>
public sealed class PodBindingTests : ServerTest
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await Server.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private async Task<JsonObject> CreatePodAsync(string name, string? finalizer = null, string spec = """{"schedulerName":"custom","containers":[{"name":"c","image":"nginx"}]}""")
    {
        var metadata = new JsonObject { ["name"] = name };
        if (finalizer is not null)
        {
            metadata["finalizers"] = new JsonArray(finalizer);
        }
        var body = new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = JsonNode.Parse(spec),
        };
        var (status, pod) = await SendAsync(HttpMethod.Post, Pods, body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, status);
        return pod;
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> BindAsync(string name, string node, string uid = "", string query = "", JsonObject? annotations = null,
        string resourceVersion = "")
    {
        var metadata = new JsonObject { ["name"] = name };
        if (resourceVersion.Length > 0)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }
        if (uid.Length > 0)
        {
            metadata["uid"] = uid;
        }
        var binding = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Binding",
            ["metadata"] = metadata,
            ["target"] = new JsonObject { ["kind"] = "Node", ["name"] = node },
        };
        return SendAsync(HttpMethod.Post, $"{Pods}/{name}/binding{query}", binding.ToJsonString());
    }

    private async Task<JsonObject> GetPodAsync(string name) => JsonNode.Parse(await Server.Http.GetStringAsync($"{Pods}/{name}"))!.AsObject();

    [Fact]
    public async Task Binding_SetsTheNode_AndTurnsAnUnschedulableConditionTrue()
    {
        var created = await CreatePodAsync("waiting");
        created["status"] = JsonNode.Parse("""{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable","message":"0/3 nodes are available"}]}""");
        var (put, _) = await SendAsync(HttpMethod.Put, $"{Pods}/waiting/status", created.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, put);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (status, body) = await BindAsync("waiting", "node-a", created["metadata"]!["uid"]!.GetValue<string>(),
            annotations: new JsonObject { ["example.com/placed-by"] = "custom" });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Success", body["status"]!.GetValue<string>());
        var pod = await GetPodAsync("waiting");
        Assert.Equal("node-a", pod["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Equal("custom", pod["metadata"]!["annotations"]!["example.com/placed-by"]!.GetValue<string>());
        var scheduled = Assert.Single(pod["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "PodScheduled")!;
        Assert.Equal("True", scheduled["status"]!.GetValue<string>());
        Assert.Null(scheduled["reason"]);
        Assert.Null(scheduled["message"]);
        var transition = scheduled["lastTransitionTime"]!.GetValue<string>();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", transition);
        Assert.True(DateTimeOffset.Parse(transition, System.Globalization.CultureInfo.InvariantCulture) >= before.AddSeconds(-1));
        Assert.NotEqual(created["metadata"]!["resourceVersion"]!.GetValue<string>(), pod["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task BindingABoundPod_Is409_AndKeepsTheFirstNode()
    {
        await CreatePodAsync("twice");
        Assert.Equal(HttpStatusCode.Created, (await BindAsync("twice", "node-a")).Status);

        var (status, body) = await BindAsync("twice", "node-b");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Operation cannot be fulfilled on pods/binding \"twice\": pod twice is already assigned to node \"node-a\"", body["message"]!.GetValue<string>());
        Assert.Equal("pods/binding", body["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("node-a", (await GetPodAsync("twice"))["spec"]!["nodeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task BindingWithAnotherUid_Is409_AndLeavesThePodUnbound()
    {
        await CreatePodAsync("uid");

        var created = await GetPodAsync("uid");

        var (status, body) = await BindAsync("uid", "node-a", uid: "not-this-pod");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"Operation cannot be fulfilled on pods \"uid\": StorageError: invalid object, Code: 4, Key: /registry/pods/default/uid, ResourceVersion: 0, " +
            $"AdditionalErrorMsg: Precondition failed: UID in precondition: not-this-pod, UID in object meta: {created["metadata"]!["uid"]!.GetValue<string>()}",
            body["message"]!.GetValue<string>());
        Assert.Null((await GetPodAsync("uid"))["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task BindingAPodBeingDeleted_Is409()
    {
        await CreatePodAsync("leaving", finalizer: "example.com/hold");
        using (var delete = await Server.Http.DeleteAsync($"{Pods}/leaving"))
        {
            Assert.True(delete.IsSuccessStatusCode, await delete.Content.ReadAsStringAsync());
        }

        var (status, body) = await BindAsync("leaving", "node-a");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Operation cannot be fulfilled on pods/binding \"leaving\": pod leaving is being deleted, cannot be assigned to a host", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BindingAGatedPod_Is409_UntilTheGateIsRemoved()
    {
        await CreatePodAsync("gated", spec: """{"schedulerName":"custom","schedulingGates":[{"name":"example.com/quota"}],"containers":[{"name":"c","image":"nginx"}]}""");

        var (status, body) = await BindAsync("gated", "node-a");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Operation cannot be fulfilled on pods/binding \"gated\": pod gated has non-empty .spec.schedulingGates", body["message"]!.GetValue<string>());
        Assert.Equal("pods/binding", body["details"]!["kind"]!.GetValue<string>());
        Assert.Null((await GetPodAsync("gated"))["spec"]!["nodeName"]);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Pods}/gated")
        {
            Content = new StringContent("""[{"op":"remove","path":"/spec/schedulingGates"}]""", Encoding.UTF8, "application/json-patch+json"),
        };
        using (var patched = await Server.Http.SendAsync(patch))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await BindAsync("gated", "node-a")).Status);
        Assert.Equal("node-a", (await GetPodAsync("gated"))["spec"]!["nodeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task BindingWithAStaleResourceVersion_Is409_AndTheCurrentOneBinds()
    {
        var created = await CreatePodAsync("versioned");
        var stale = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        created["metadata"]!["labels"] = new JsonObject { ["moved"] = "on" };
        var (put, updated) = await SendAsync(HttpMethod.Put, $"{Pods}/versioned", created.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, put);
        var current = updated["metadata"]!["resourceVersion"]!.GetValue<string>();

        var (status, body) = await BindAsync("versioned", "node-a", resourceVersion: stale);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal($"Operation cannot be fulfilled on pods \"versioned\": StorageError: invalid object, Code: 4, Key: /registry/pods/default/versioned, ResourceVersion: 0, " +
            $"AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: {stale}, ResourceVersion in object meta: {current}",
            body["message"]!.GetValue<string>());
        Assert.Null((await GetPodAsync("versioned"))["spec"]!["nodeName"]);

        Assert.Equal(HttpStatusCode.Created, (await BindAsync("versioned", "node-a", resourceVersion: current)).Status);
        Assert.Equal("node-a", (await GetPodAsync("versioned"))["spec"]!["nodeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task DryRunBinding_ChangesNothing()
    {
        var created = await CreatePodAsync("dry");

        var (status, _) = await BindAsync("dry", "node-a", query: "?dryRun=All");

        Assert.Equal(HttpStatusCode.Created, status);
        var pod = await GetPodAsync("dry");
        Assert.Null(pod["spec"]!["nodeName"]);
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), pod["metadata"]!["resourceVersion"]!.GetValue<string>());

        // A dry run still checks: binding a bound pod is refused without writing.
        Assert.Equal(HttpStatusCode.Created, (await BindAsync("dry", "node-a")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await BindAsync("dry", "node-b", query: "?dryRun=All")).Status);
        Assert.Equal("node-a", (await GetPodAsync("dry"))["spec"]!["nodeName"]!.GetValue<string>());
    }

    // The top-level collection (LegacyBindingREST): the body's name is the pod's, the answer the same Success Status.
    [Fact]
    public async Task BindingsCollection_BindsThePodItsBodyNames()
    {
        await CreatePodAsync("legacy");
        const string binding = """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"legacy","annotations":{"bound-by":"legacy"}},"target":{"kind":"Node","name":"node-a"}}""";

        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings", binding);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}"""), body), body.ToJsonString());
        var pod = await GetPodAsync("legacy");
        Assert.Equal("node-a", pod["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Equal("legacy", pod["metadata"]!["annotations"]!["bound-by"]!.GetValue<string>());
        var (again, conflict) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings", binding);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("Operation cannot be fulfilled on pods/binding \"legacy\": pod legacy is already assigned to node \"node-a\"", conflict.Str("message"));
    }

    [Fact]
    public async Task BindingsCollection_RefusesAMissingPodName_ABadTarget_AndEveryVerbButCreate()
    {
        await CreatePodAsync("unnamed");

        var (noName, noNameBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings", """{"kind":"Binding","apiVersion":"v1","metadata":{},"target":{"name":"node-a"}}""");
        var (badTarget, badTargetBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings", """{"kind":"Binding","apiVersion":"v1","metadata":{"name":"unnamed"},"target":{"kind":"Pod"}}""");
        var (missing, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings", """{"kind":"Binding","apiVersion":"v1","metadata":{"name":"nobody"},"target":{"name":"node-a"}}""");
        var (list, listBody) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/bindings", "");
        var (clusterWide, _) = await SendAsync(HttpMethod.Post, "/api/v1/bindings", """{"kind":"Binding","apiVersion":"v1","metadata":{"name":"unnamed"},"target":{"name":"node-a"}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "Name parameter required."), (noName, noNameBody.Str("message")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badTarget);
        var expectedCauses = """
            [{"reason":"FieldValueNotSupported","message":"Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\"","field":"target.kind"},
             {"reason":"FieldValueRequired","message":"Required value","field":"target.name"}]
            """;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedCauses), badTargetBody["details"]!["causes"]), badTargetBody.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "MethodNotAllowed"), (list, listBody.Str("reason")));
        Assert.Equal(HttpStatusCode.NotFound, clusterWide);
        Assert.Null((await GetPodAsync("unnamed"))["spec"]!["nodeName"]);
    }

    /// <summary>
    /// create.go decodes the body as a Binding before BindingREST reads it, so a target of the wrong JSON type is the
    /// decoder's 400 (it was target.name's 422 Required value), on the bindings collection and on pods/binding alike.
    /// </summary>
    [Fact]
    public async Task BindingOfTheWrongJsonType_IsTheDecoders400()
    {
        await CreatePodAsync("typed");

        var (number, numberBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/bindings", """{"kind":"Binding","apiVersion":"v1","metadata":{"name":"typed"},"target":{"name":7}}""");
        var (text, textBody) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/typed/binding", """{"kind":"Binding","apiVersion":"v1","metadata":{"name":"typed"},"target":"node-a"}""");

        Assert.Equal((HttpStatusCode.BadRequest, "Binding in version \"v1\" cannot be handled as a Binding: json: cannot unmarshal number into Go struct field ObjectReference.target.name of type string"),
            (number, numberBody.Str("message")));
        Assert.Equal((HttpStatusCode.BadRequest, "Binding in version \"v1\" cannot be handled as a Binding: json: cannot unmarshal string into Go struct field Binding.target of type v1.ObjectReference"),
            (text, textBody.Str("message")));
        Assert.Null((await GetPodAsync("typed"))["spec"]!["nodeName"]);
    }

    [KubectlFact]
    public async Task KubectlCreate_OfABinding_PlacesThePod_AndApiResourcesListsBindings()
    {
        await CreatePodAsync("by-kubectl");
        var file = Kubectl.WriteFile("binding.yaml", """
            apiVersion: v1
            kind: Binding
            metadata:
              name: by-kubectl
            target:
              apiVersion: v1
              kind: Node
              name: node-b
            """);

        await Kubectl.OkAsync("create", "-f", file);

        Assert.Equal("node-b", (await GetPodAsync("by-kubectl"))["spec"]!["nodeName"]!.GetValue<string>());
        var resources = await Kubectl.OkAsync("api-resources", "--api-group=", "--verbs=create", "-o", "name");
        Assert.Contains("bindings", resources.Split('\n'));
    }
}
