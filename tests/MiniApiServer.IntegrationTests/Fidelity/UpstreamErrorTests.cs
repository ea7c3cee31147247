using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>Errors a user sees read like kube-apiserver's and kubectl's against a real cluster.</summary>
public sealed class UpstreamErrorTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Code, string Message)> GetStatusAsync(string path)
    {
        using var resp = await Server.Http.GetAsync(path);
        var body = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        return (resp.StatusCode, body["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("garbage!", "invalid continue token: continue key is not valid: illegal base64 data at input byte 7")]
    [InlineData("aGVsbG8", "invalid continue token: continue key is not valid: invalid character 'h' looking for beginning of value")]
    [InlineData("e30", "invalid continue token: continue key is not valid: server does not recognize this encoded version ")]
    [InlineData("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MCwic3RhcnQiOiJhIn0", "invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")]
    [InlineData("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6Mywic3RhcnQiOiIifQ", "invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)")]
    public async Task BadContinueToken_Is400WithUpstreamMessage(string token, string message)
    {
        var (code, actual) = await GetStatusAsync($"{ConfigMaps}?limit=1&continue={token}");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal(message, actual);
    }

    /// <summary>
    /// A body that does not fit its type is the serializer's 400 with encoding/json's UnmarshalTypeError: the innermost
    /// struct, the JSON field names from the root, the Go type; the server-owned metadata of a typed kind too.
    /// </summary>
    [Theory]
    [InlineData("/apis/apps/v1/namespaces/default/deployments", """{"metadata":{"name":"d"},"spec":{"replicas":"3"}}""",
        "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")]
    [InlineData("/api/v1/namespaces/default/pods", """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"i","ports":[{"containerPort":1.5}]}]}}""",
        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32")]
    [InlineData("/api/v1/namespaces/default/pods", """{"metadata":{"name":"p"},"spec":{"containers":"a"}}""",
        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container")]
    [InlineData("/api/v1/namespaces/default/pods", """{"metadata":{"name":"p","generation":"one"},"spec":{"containers":[{"name":"a","image":"i"}]}}""",
        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.generation of type int64")]
    [InlineData("/api/v1/namespaces/default/services", """{"metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":true}]}}""",
        "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32")]
    [InlineData("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"c","labels":{"a":{}}}}""",
        "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal object into Go struct field ObjectMeta.metadata.labels of type string")]
    [InlineData("/api/v1/namespaces/default/secrets", """{"metadata":{"name":"s"},"data":{"k":"ab!c"}}""",
        "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 2")]
    [InlineData("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"c"},"binaryData":{"k":"abcdab"}}""",
        "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: illegal base64 data at input byte 4")]
    [InlineData("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"c","creationTimestamp":"yesterday"}}""",
        "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"")]
    public async Task BodyOfTheWrongType_Is400WithGosDecodeError(string path, string body, string message)
    {
        using var response = await Server.Http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
        var collection = await Server.Http.ListItemsAsync(path);
        Assert.DoesNotContain(collection, o => o.Str("metadata", "name") is "d" or "p" or "s" or "c");
    }

    [Fact]
    public async Task NamespaceWithABadName_IsOneError()
    {
        using var response = await Server.Http.PostAsync("/api/v1/namespaces", new StringContent("""{"metadata":{"name":"Team_A"}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Namespace \"Team_A\" is invalid: metadata.name: Invalid value: \"Team_A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", status["message"]!.GetValue<string>());
        Assert.Single(status["details"]!["causes"]!.AsArray());
    }

    /// <summary>field.Invalid prints a map bad value with %#v, unquoted: map[string]string{"app":"web", "tier":"front"}.</summary>
    [Fact]
    public async Task SelectorNotMatchingTemplate_ShowsTheLabelsAsAGoMap()
    {
        using var response = await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/deployments", new StringContent(
            """{"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"api"}},"template":{"metadata":{"labels":{"tier":"front","app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Deployment.apps \"d\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\", \"tier\":\"front\"}: `selector` does not match template `labels`",
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ContinueTokenOfAPage_IsUnpaddedUrlSafeBase64_AndResumes()
    {
        // With kube-root-ca.crt (there before the test starts) the namespace holds four, so two pages of two.
        for (var i = 0; i < 3; i++)
        {
            await Server.Http.CreateAsync(ConfigMaps, $$$"""{"metadata":{"name":"cm-{{{i}}}"}}""");
        }
        var first = (await Server.Http.GetJsonAsync($"{ConfigMaps}?limit=2"))!;
        var token = first.Str("metadata", "continue")!;
        Assert.DoesNotContain('=', token);
        var rest = (await Server.Http.GetJsonAsync($"{ConfigMaps}?limit=2&continue={token}"))!;
        Assert.Equal(["cm-2", "kube-root-ca.crt"], rest["items"]!.AsArray().Select(i => i.Str("metadata", "name")));
    }

    /// <summary>
    /// store.go's NamespaceKeyFunc/NoNamespaceKeyFunc: a name that cannot be one path segment is a 400 for every verb on
    /// it, not a lookup that finds nothing (the dot segments arrive as written, see DotSegmentPathMiddleware).
    /// </summary>
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps/..", "Name parameter invalid: \"..\": may not be '..'")]
    [InlineData("DELETE", "/api/v1/namespaces/default/configmaps/%2e", "Name parameter invalid: \".\": may not be '.'")]
    [InlineData("GET", "/api/v1/nodes/a%25b", "Name parameter invalid: \"a%b\": may not contain '%'")]
    [InlineData("PATCH", "/apis/storage.k8s.io/v1/volumeattachments/../status", "Name parameter invalid: \"..\": may not be '..'")]
    public async Task NameThatIsNotAPathSegment_Is400(string method, string path, string message)
    {
        var uri = new Uri(Server.BaseAddress + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(method), uri) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/merge-patch+json") };
        using var response = await Server.Http.SendAsync(request);

        Assert.Equal((HttpStatusCode.BadRequest, message), (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>()));
    }

    /// <summary>
    /// etcd3 store.go GetList: a continue token carries its own revision, so a resourceVersion beside it is a 400
    /// (client-go's pager clears it on later pages for this reason); "0" is let through.
    /// </summary>
    [Fact]
    public async Task ContinueWithAResourceVersion_Is400_ButZeroIsLetThrough()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"cm-rv"}}""");
        var first = (await Server.Http.GetJsonAsync($"{ConfigMaps}?limit=1"))!;
        var token = first.Str("metadata", "continue")!;
        var rv = first.Str("metadata", "resourceVersion")!;

        var (code, message) = await GetStatusAsync($"{ConfigMaps}?limit=1&continue={token}&resourceVersion={rv}");
        using var zero = await Server.Http.GetAsync($"{ConfigMaps}?limit=1&continue={token}&resourceVersion=0");

        Assert.Equal((HttpStatusCode.BadRequest, "specifying resource version is not allowed when using continue"), (code, message));
        Assert.Equal(HttpStatusCode.OK, zero.StatusCode);
    }

    [KubectlFact]
    public async Task KubectlApply_OfUnknownKindOrVersion_SaysNoMatchesForKind()
    {
        var unknownGroup = Kubectl.WriteFile("foo.yaml", "apiVersion: example.com/v1\nkind: Foo\nmetadata:\n  name: x\n");
        var (code, _, stderr) = await Kubectl.RunAsync("apply", "-f", unknownGroup);
        Assert.Equal(1, code);
        Assert.Contains("no matches for kind \"Foo\" in version \"example.com/v1\"", stderr, StringComparison.Ordinal);

        var unknownKind = Kubectl.WriteFile("bar.yaml", "apiVersion: apps/v1\nkind: Bar\nmetadata:\n  name: x\n");
        (code, _, stderr) = await Kubectl.RunAsync("apply", "-f", unknownKind);
        Assert.Equal(1, code);
        Assert.Contains("no matches for kind \"Bar\" in version \"apps/v1\"", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// handlers/patch.go's jsonPatcher: a merge or JSON patch whose result does not decode is a 422 Invalid with no kind
    /// or name, the patched object (its resourceVersion included) as the bad value of "patch", and the serializer's error;
    /// a PUT of the same object stays the decoder's 400. A ConfigMap, so that no controller moves its resourceVersion.
    /// </summary>
    [Theory]
    [InlineData("application/merge-patch+json", """{"data":{"size":7}}""")]
    [InlineData("application/json-patch+json", """[{"op":"add","path":"/data/size","value":7}]""")]
    public async Task APatchWhoseResultDoesNotDecode_Is422NamingThePatchedObject(string type, string patch)
    {
        var created = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"typed"},"data":{"mode":"<fast>"}}""");

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/typed", patch, type);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", status.Str("reason"));
        var message = status.Str("message")!;
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{", message, StringComparison.Ordinal);
        Assert.EndsWith("}\": json: cannot unmarshal number into Go struct field ConfigMap.data of type string", message, StringComparison.Ordinal);
        // The bad value is the whole patched object, quoted: the patch applied, the resourceVersion it was applied to
        // kept, and <, > escaped as Go's encoder escapes them.
        Assert.Contains("\\\"size\\\":7", message, StringComparison.Ordinal);
        Assert.Contains("\\\"mode\\\":\\\"\\\\u003cfast\\\\u003e\\\"", message, StringComparison.Ordinal);
        Assert.Contains($"\\\"resourceVersion\\\":\\\"{created.Str("metadata", "resourceVersion")}\\\"", message, StringComparison.Ordinal);
        var details = status["details"]!.AsObject();
        Assert.False(details.ContainsKey("name") || details.ContainsKey("kind"), details.ToJsonString());
        var cause = Assert.Single(details["causes"]!.AsArray())!.AsObject();
        Assert.Equal(("FieldValueInvalid", "patch"), (cause.Str("reason"), cause.Str("field")));

        created["data"]!["size"] = 7;
        var (putCode, put) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{ConfigMaps}/typed", created.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, putCode);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string", put.Str("message"));
    }

    /// <summary>
    /// handlers/patch.go's applyPatchToObject: a strategic merge patch whose result does not fit its type is a 422 with no
    /// kind or name, the patch map in Go's %+v (keys sorted, whole numbers as int64) as the bad value of "patch", and
    /// runtime/converter.go's fromUnstructured error, which is not encoding/json's.
    /// </summary>
    [Theory]
    [InlineData("""{"spec":{"replicas":"3"}}""", "map[spec:map[replicas:3]]", "unrecognized type: int32")]
    [InlineData("""{"spec":{"template":"x"}}""", "map[spec:map[template:x]]", "cannot restore struct from: string")]
    [InlineData("""{"metadata":{"labels":{"b":1,"a":"x"}}}""", "map[metadata:map[labels:map[a:x b:1]]]", "cannot convert int64 to string")]
    [InlineData("""{"spec":{"replicas":1.5}}""", "map[spec:map[replicas:1.5]]", "cannot convert float64 to int32")]
    [InlineData("""{"spec":{"paused":"yes"}}""", "map[spec:map[paused:yes]]", "unrecognized type: bool")]
    [InlineData("""{"spec":{"selector":{"matchLabels":[1,2]}}}""", "map[spec:map[selector:map[matchLabels:[1 2]]]]", "cannot restore map from slice")]
    [InlineData("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":true}}}}""", "map[spec:map[strategy:map[rollingUpdate:map[maxSurge:true]]]]",
        "json: cannot unmarshal bool into Go value of type int32")]
    [InlineData("""{"metadata":{"creationTimestamp":5,"annotations":null}}""", "map[metadata:map[annotations:<nil> creationTimestamp:5]]",
        "json: cannot unmarshal number into Go value of type string")]
    public async Task AStrategicMergePatchWhoseResultDoesNotDecode_Is422NamingThePatchMap(string patch, string patchMap, string error)
    {
        const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
        await Server.Http.CreateAsync(Deployments, """
            {"metadata":{"name":"smp"},"spec":{"selector":{"matchLabels":{"app":"smp"}},
             "template":{"metadata":{"labels":{"app":"smp"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """);

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Deployments}/smp", patch, "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", status.Str("reason"));
        Assert.Equal($" \"\" is invalid: patch: Invalid value: \"{patchMap}\": {error}", status.Str("message"));
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!.AsObject();
        Assert.Equal(("FieldValueInvalid", "patch", $"Invalid value: \"{patchMap}\": {error}"), (cause.Str("reason"), cause.Str("field"), cause.Str("message")));
    }

    /// <summary>What kubectl prints for that 422 (its "The request is invalid" for a Status without kind or name).</summary>
    [KubectlFact]
    public async Task KubectlPatch_WithAStringForAnInteger_PrintsTheRequestIsInvalid()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"kubectl-smp"}}""");

        var (code, _, stderr) = await Kubectl.RunAsync("patch", "configmap", "kubectl-smp", "-p", """{"immutable":"yes"}""");

        Assert.Equal(1, code);
        Assert.Equal("The request is invalid: patch: Invalid value: \"map[immutable:yes]\": unrecognized type: bool", stderr.Trim());
    }

    /// <summary>
    /// fieldValidation=Strict: the create and update handlers pass the strict decoding error through transformDecodeError
    /// (handlers/create.go, update.go), so it names the body's kind and version; a patch's result is refused as Invalid
    /// (handlers/patch.go's applyPatchToCurrentObject and applyPatchToObject), naming the patched object or the patch map.
    /// </summary>
    [Fact]
    public async Task StrictUnknownField_CreateAndPutNameTheKind_APatchIsInvalid()
    {
        const string Strict = "?fieldValidation=Strict";
        var (createCode, create) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments" + Strict,
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"strict"},"spec":{"bogus":1,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, createCode);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.bogus\"", create.Str("message"));

        var created = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"strict"},"data":{"k":"v"}}""");
        created["extra"] = 1;
        var (putCode, put) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{ConfigMaps}/strict{Strict}", created.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, putCode);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"extra\"", put.Str("message"));

        var merge = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{ConfigMaps}/strict{Strict}", """{"extra":1}""", "application/merge-patch+json");
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{\\\"apiVersion\\\":\\\"v1\\\",", merge, StringComparison.Ordinal);
        // The patched object's top-level keys sorted, as json-patch's Go map marshals them.
        Assert.Contains("\\\"data\\\":{\\\"k\\\":\\\"v\\\"},\\\"extra\\\":1,\\\"kind\\\":\\\"ConfigMap\\\",\\\"metadata\\\":{", merge, StringComparison.Ordinal);
        Assert.EndsWith("}}\": strict decoding error: unknown field \"extra\"", merge, StringComparison.Ordinal);

        var strategic = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{ConfigMaps}/strict{Strict}", """{"extra":1}""", "application/strategic-merge-patch+json");
        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"map[extra:1]\": strict decoding error: unknown field \"extra\"", strategic);
    }

    /// <summary>
    /// applyJSPatch under Warn (the default) and Strict decodes the body with kjson.UnmarshalStrict first: a body of the
    /// wrong shape is "error decoding patch", an operation's unknown member a "json patch unknown field" warning or, under
    /// Strict, part of the Invalid refusal. Under Ignore json-patch's DecodePatch answers instead. A merge patch must be
    /// a map to that decode, and null is json-patch's "Invalid JSON Patch".
    /// </summary>
    [Fact]
    public async Task APatchBody_IsDecodedStrictlyFirst_UnderWarnAndStrict()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"shapes"},"data":{"k":"v"}}""");
        var path = $"{ConfigMaps}/shapes";
        const string Json = "application/json-patch+json";
        const string Merge = "application/merge-patch+json";
        async Task<(HttpStatusCode, string?)> Send(string query, string body, string type)
        {
            var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, path + query, body, type);
            return (code, status.Str("message"));
        }

        Assert.Equal((HttpStatusCode.BadRequest, "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp"), await Send("", "{}", Json));
        Assert.Equal((HttpStatusCode.BadRequest, "error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp"), await Send("?fieldValidation=Strict", "[1]", Json));
        Assert.Equal((HttpStatusCode.BadRequest, "error decoding patch: json: cannot unmarshal bool into Go struct field jsonPatchOp.path of type string"),
            await Send("", """[{"op":"add","path":true}]""", Json));
        Assert.Equal((HttpStatusCode.BadRequest, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"), await Send("?fieldValidation=Ignore", "{}", Json));
        Assert.Equal((HttpStatusCode.BadRequest, "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}"), await Send("", "[]", Merge));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid JSON Patch"), await Send("", "null", Merge));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid JSON Patch"), await Send("?fieldValidation=Ignore", "\"x\"", Merge));
        // The decode runs inside the update, once the object is found (GuaranteedUpdate), so a missing one is still a 404.
        var (missing, _) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/no-such", "{}", Json);
        Assert.Equal(HttpStatusCode.NotFound, missing);

        using var warned = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent("""[{"op":"add","path":"/data/w","value":"1","Value":"2"}]""", System.Text.Encoding.UTF8, Json),
        };
        using var response = await Server.Http.SendAsync(warned);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["299 - \"json patch unknown field \\\"[0].Value\\\"\""], response.Headers.GetValues("Warning"));

        var strict = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, path + "?fieldValidation=Strict", """[{"op":"add","path":"/extra","value":1,"Op":"x"}]""", Json);
        Assert.EndsWith(": strict decoding error: json patch unknown field \"[0].Op\", unknown field \"extra\"", strict, StringComparison.Ordinal);
    }

    /// <summary>A negative quantity reads as Quantity.String() writes it: the sign, then the canonical magnitude.</summary>
    [Theory]
    [InlineData("requests", "cpu", "-1", "-1")]
    [InlineData("requests", "memory", "-1.5Gi", "-1536Mi")]
    [InlineData("requests", "cpu", "-0.5", "-500m")]
    public async Task ANegativeQuantity_IsNamedInItsCanonicalForm(string kind, string resource, string value, string canonical)
    {
        var pod = "{\"metadata\":{\"name\":\"neg\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\",\"resources\":{\"" + kind + "\":{\""
            + resource + "\":\"" + value + "\"}}}]}}";

        Assert.Equal($"Pod \"neg\" is invalid: spec.containers[0].resources.{kind}[{resource}]: Invalid value: \"{canonical}\": must be greater than or equal to 0",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod));
    }

    /// <summary>ValidateImmutableField names the new *metav1.LabelSelector with %#v, as helm users see it on a changed selector.</summary>
    [Fact]
    public async Task AChangedDeploymentSelector_IsNamedWithGoSyntax()
    {
        const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
        await Server.Http.CreateAsync(Deployments, """
            {"metadata":{"name":"sel"},"spec":{"selector":{"matchLabels":{"app":"x"}},
             "template":{"metadata":{"labels":{"app":"x","tier":"a"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """);

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Deployments}/sel",
            """{"spec":{"selector":{"matchExpressions":[{"key":"tier","operator":"In","values":["a"]}]}}}""", "application/merge-patch+json");

        Assert.Equal("Deployment.apps \"sel\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"x\"}, "
            + "MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"tier\", Operator:\"In\", Values:[]string{\"a\"}}}}: field is immutable", message);
    }

    /// <summary>
    /// handlers/patch.go applies a JSON patch with gopkg.in/evanphx/json-patch.v4: a body that is no list of operations is
    /// DecodePatch's 400, an operation that does not apply the generic 422 of NewGenericServerResponse (json-patch's own
    /// words are not kept), and a replace of a key the object lacks sets it, as v4 does.
    /// </summary>
    [Fact]
    public async Task AJsonPatch_FailsAndSucceedsAsJsonPatchV4DoesInTheApiserver()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"jp","labels":{"a":"b"}},"data":{"k":"v"}}""");
        const string Type = "application/json-patch+json";

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/jp", """[{"op":"remove","path":"/metadata/labels/zzz"}]""", Type);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Invalid", "the server rejected our request due to an error in our request"), (code, status.Str("reason"), status.Str("message")));

        (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/jp?fieldValidation=Ignore", """{"op":"remove"}""", Type);
        Assert.Equal((HttpStatusCode.BadRequest, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"), (code, status.Str("message")));

        (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/jp", """[{"op":"replace","path":"/data/missing","value":"set"}]""", Type);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("set", status["data"]!["missing"]!.GetValue<string>());
    }

    /// <summary>The same jsonPatcher serves /scale, with the same strict decode of the body first.</summary>
    [Fact]
    public async Task AScalePatchBody_IsDecodedStrictlyFirst()
    {
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/deployments",
            """{"metadata":{"name":"sc"},"spec":{"replicas":0,"selector":{"matchLabels":{"a":"sc"}},"template":{"metadata":{"labels":{"a":"sc"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""");
        const string Scale = "/apis/apps/v1/namespaces/default/deployments/sc/scale";

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, Scale, "{}", "application/json-patch+json");
        Assert.Equal((HttpStatusCode.BadRequest, "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp"), (code, status.Str("message")));
        (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, Scale, "null", "application/merge-patch+json");
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid JSON Patch"), (code, status.Str("message")));
        (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Patch, Scale, """[{"op":"replace","path":"/spec/replicas","value":2}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
    }

    /// <summary>
    /// /scale's bodies go through the create/update handlers' strict decode as any other: an unknown field of the Scale
    /// is a warning under Warn and, under Strict, a PUT's 400 (before the object is looked for) or a patch's 422 naming
    /// the patched Scale; a patch's own repeated keys count too, and a wrong type in the patched Scale is that 422.
    /// </summary>
    [Fact]
    public async Task AScaleBody_IsCheckedForUnknownAndRepeatedFields()
    {
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/deployments",
            """{"metadata":{"name":"sv"},"spec":{"replicas":0,"selector":{"matchLabels":{"a":"sv"}},"template":{"metadata":{"labels":{"a":"sv"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""");
        const string Scale = "/apis/apps/v1/namespaces/default/deployments/sv/scale";
        const string Put = """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"sv","namespace":"default"},"spec":{"replicas":1,"bogus":1}}""";

        using (var put = await Server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, Scale) { Content = new StringContent(Put, System.Text.Encoding.UTF8, "application/json") }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal(["299 - \"unknown field \\\"spec.bogus\\\"\""], put.Headers.GetValues("Warning"));
        }
        using (var patch = await Server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, Scale)
        {
            Content = new StringContent("""{"spec":{"replicas":2,"replicas":3}}""", System.Text.Encoding.UTF8, "application/strategic-merge-patch+json"),
        }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            Assert.Equal(["299 - \"duplicate field \\\"spec.replicas\\\"\""], patch.Headers.GetValues("Warning"));
            Assert.Equal(3, JsonNode.Parse(await patch.Content.ReadAsStringAsync())!["spec"]!["replicas"]!.GetValue<int>());
        }

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Put, "/apis/apps/v1/namespaces/default/deployments/nosuch/scale?fieldValidation=Strict", Put.Replace("\"sv\"", "\"nosuch\""));
        Assert.Equal((HttpStatusCode.BadRequest, "Scale in version \"v1\" cannot be handled as a Scale: strict decoding error: unknown field \"spec.bogus\""), (code, status.Str("message")));

        var merge = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, Scale + "?fieldValidation=Strict", """{"spec":{"bogus":1}}""", "application/merge-patch+json");
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{\\\"apiVersion\\\":\\\"autoscaling/v1\\\",\\\"kind\\\":\\\"Scale\\\",", merge, StringComparison.Ordinal);
        Assert.EndsWith(": strict decoding error: unknown field \"spec.bogus\"", merge, StringComparison.Ordinal);

        var typed = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, Scale, """{"spec":{"replicas":"x"}}""", "application/merge-patch+json");
        Assert.EndsWith(": json: cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32", typed, StringComparison.Ordinal);
        // A strategic patch names its patch map and the unstructured converter's error, as an object's does.
        var strategic = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, Scale, """{"spec":{"replicas":"x"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"map[spec:map[replicas:x]]\": unrecognized type: int32", strategic);

        // A PUT that leaves kind and apiVersion out is named by the endpoint's, as the decoder defaults them.
        (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Put, Scale + "?fieldValidation=Strict", """{"metadata":{"name":"sv"},"spec":{"replicas":1,"bogus":1}}""");
        Assert.Equal((HttpStatusCode.BadRequest, "Scale in version \"v1\" cannot be handled as a Scale: strict decoding error: unknown field \"spec.bogus\""), (code, status.Str("message")));
    }

    /// <summary>
    /// json-patch.v4.12.0 counts a negative index from the end (SupportNegativeIndices) and compares a test's scalars as
    /// JSON text, so a finalizer can be dropped as /-1, and a test of "\u0032" against the stored "2" fails.
    /// </summary>
    [Fact]
    public async Task AJsonPatch_TakesNegativeIndices_AndTestsScalarsAsText()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"neg","finalizers":["example.com/a","example.com/b"]},"data":{"n":"2"}}""");
        const string Type = "application/json-patch+json";

        var (code, patched) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/neg",
            """[{"op":"test","path":"/metadata/finalizers/-1","value":"example.com/b"},{"op":"remove","path":"/metadata/finalizers/-1"}]""", Type);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("""["example.com/a"]""", patched["metadata"]!["finalizers"]!.ToJsonString());

        (code, var status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/neg", """[{"op":"test","path":"/data/n","value":"\u0032"}]""", Type);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "the server rejected our request due to an error in our request"), (code, status.Str("message")));

        (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/neg", """[{"op":"remove","path":"/metadata/finalizers/-1"}]""", Type);
        Assert.Equal(HttpStatusCode.OK, code);
    }

    [KubectlFact]
    public async Task KubectlJsonPatch_ThatDoesNotApply_PrintsTheRequestIsInvalid()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"kjp","labels":{"a":"b"}}}""");

        var (code, _, stderr) = await Kubectl.RunAsync("patch", "configmap", "kjp", "--type=json", "-p", """[{"op":"remove","path":"/metadata/labels/zzz"}]""");

        Assert.Equal(1, code);
        Assert.Equal("The request is invalid: the server rejected our request due to an error in our request", stderr.Trim());
    }
}
