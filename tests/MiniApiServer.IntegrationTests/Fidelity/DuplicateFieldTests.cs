using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// A body that repeats a key is decoded as kube-apiserver 1.32 decodes it, not refused: under fieldValidation Warn (the
/// default) each repeat is a "duplicate field" warning among the unknown fields, under Strict part of the 400, under Ignore
/// silent. The bodies and the expected warnings are test/integration/apiserver/field_validation_test.go's, with the field
/// paths sigs.k8s.io/json has printed since 2021.
/// </summary>
public sealed class DuplicateFieldTests : ServerTest
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private const string InvalidBodyJson = """
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {
                "name": "NAME",
                "labels": {"app": "nginx"}
            },
            "spec": {
                "unknown1": "val1",
                "unknownDupe": "valDupe",
                "unknownDupe": "valDupe2",
                "paused": true,
                "paused": false,
                "selector": {
                    "matchLabels": {
                        "app": "nginx"
                    }
                },
                "template": {
                    "metadata": {
                        "labels": {
                            "app": "nginx"
                        }
                    },
                    "spec": {
                        "containers": [{
                            "name":  "nginx",
                            "image": "nginx:latest",
                            "unknownNested": "val1",
                            "imagePullPolicy": "Always",
                            "imagePullPolicy": "Never"
                        }]
                    }
                }
            }
        }
        """;

    // Line numbers count from "apiVersion" on line 1, as in upstream's invalidBodyYAML.
    private const string InvalidBodyYaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: NAME
          labels:
            app: nginx
        spec:
          unknown1: val1
          unknownDupe: valDupe
          unknownDupe: valDupe2
          paused: true
          paused: false
          selector:
            matchLabels:
              app: nginx
          template:
            metadata:
              labels:
                app: nginx
            spec:
              containers:
              - name: nginx
                image: nginx:latest
                unknownNested: val1
                imagePullPolicy: Always
                imagePullPolicy: Never
        """;

    private static readonly string[] JsonStrictErrors =
    [
        "unknown field \"spec.unknown1\"",
        "unknown field \"spec.unknownDupe\"",
        "duplicate field \"spec.paused\"",
        // A field both unknown and repeated is only unknown: the decoder skips an unknown field unread.
        "unknown field \"spec.template.spec.containers[0].unknownNested\"",
        "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\"",
    ];

    // go-yaml's lines first, then the unknown fields of the JSON that sigs.k8s.io/yaml wrote from a Go map, keys sorted.
    private static readonly string[] YamlWarnings =
    [
        "line 10: key \"unknownDupe\" already set in map",
        "line 12: key \"paused\" already set in map",
        "line 26: key \"imagePullPolicy\" already set in map",
        "unknown field \"spec.template.spec.containers[0].unknownNested\"",
        "unknown field \"spec.unknown1\"",
        "unknown field \"spec.unknownDupe\"",
    ];

    private async Task<(HttpStatusCode Code, string[] Warnings, JsonObject Body)> SendAsync(HttpMethod method, string path, string body, string type)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, type) };
        using var response = await Server.Http.SendAsync(request);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.Select(WarningText).ToArray() : [];
        return (response.StatusCode, warnings, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>The text of a <c>299 - "..."</c> header, its quotes and backslashes unescaped.</summary>
    private static string WarningText(string header)
    {
        Assert.StartsWith("299 - \"", header, StringComparison.Ordinal);
        var quoted = header["299 - \"".Length..^1];
        var text = new StringBuilder();
        for (var i = 0; i < quoted.Length; i++)
        {
            text.Append(quoted[i] == '\\' ? quoted[++i] : quoted[i]);
        }
        return text.ToString();
    }

    [Theory]
    [InlineData("", "default")]
    [InlineData("?fieldValidation=Warn", "warn")]
    public async Task RepeatedKeys_AreWarnedOfInTheOrderTheDecoderMeetsThem_AndTheLastValueIsKept(string query, string name)
    {
        var (code, warnings, created) = await SendAsync(HttpMethod.Post, Deployments + query, InvalidBodyJson.Replace("NAME", "json-" + name), "application/json");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(JsonStrictErrors, warnings);
        Assert.False(created["spec"]!["paused"]!.GetValue<bool>());
        Assert.Equal("Never", created["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
    }

    [Fact]
    public async Task RepeatedKeys_UnderStrict_Are400WithTheUnknownFields()
    {
        var (code, warnings, status) = await SendAsync(HttpMethod.Post, Deployments + "?fieldValidation=Strict", InvalidBodyJson.Replace("NAME", "json-strict"), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Empty(warnings);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: " + string.Join(", ", JsonStrictErrors), status.Str("message"));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{Deployments}/json-strict")).StatusCode);
    }

    [Fact]
    public async Task RepeatedKeys_UnderIgnore_AreSilent()
    {
        var (code, warnings, created) = await SendAsync(HttpMethod.Post, Deployments + "?fieldValidation=Ignore", InvalidBodyJson.Replace("NAME", "json-ignore"), "application/json");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Empty(warnings);
        Assert.False(created["spec"]!["paused"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RepeatedKeysInYaml_AreGoYamlsLines_BeforeTheUnknownFields()
    {
        var (code, warnings, created) = await SendAsync(HttpMethod.Post, Deployments, InvalidBodyYaml.Replace("NAME", "yaml-warn"), "application/yaml");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(YamlWarnings, warnings);
        Assert.False(created["spec"]!["paused"]!.GetValue<bool>());
        Assert.Equal("Never", created["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());

        var (strictCode, _, status) = await SendAsync(HttpMethod.Post, Deployments + "?fieldValidation=Strict", InvalidBodyYaml.Replace("NAME", "yaml-strict"), "application/yaml");
        Assert.Equal(HttpStatusCode.BadRequest, strictCode);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: yaml: unmarshal errors:\n"
            + "  line 10: key \"unknownDupe\" already set in map\n  line 12: key \"paused\" already set in map\n  line 26: key \"imagePullPolicy\" already set in map, "
            + "unknown field \"spec.template.spec.containers[0].unknownNested\", unknown field \"spec.unknown1\", unknown field \"spec.unknownDupe\"", status.Str("message"));
    }

    [Fact]
    public async Task ARepeatedYamlMapping_KeepsTheLastValueWhole()
    {
        var (code, warnings, created) = await SendAsync(HttpMethod.Post, ConfigMaps, "metadata: {name: first, labels: {a: b}}\nmetadata: {name: second}\n", "application/yaml");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(["line 2: key \"metadata\" already set in map"], warnings);
        Assert.Equal("second", created["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(created["metadata"]!["labels"]);
    }

    /// <summary>
    /// go-yaml v2 reads YAML 1.1: an unquoted yes is a bool and 0644 an octal int, so a ConfigMap's data refuses them
    /// with the serializer's words, as kube-apiserver does; quoted, they are strings.
    /// </summary>
    [Theory]
    [InlineData("enabled: yes", "bool")]
    [InlineData("mode: 0644", "number")]
    public async Task AYaml11Scalar_IsTypedAsGoYamlTypesIt(string entry, string goKind)
    {
        var (code, _, status) = await SendAsync(HttpMethod.Post, ConfigMaps, $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml11\ndata:\n  {entry}\n", "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal($"ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal {goKind} into Go struct field ConfigMap.data of type string", status.Str("message"));
        var quoted = entry.Replace(": ", ": \"", StringComparison.Ordinal) + "\"";
        var (createdCode, _, created) = await SendAsync(HttpMethod.Post, ConfigMaps, $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml11\ndata:\n  {quoted}\n", "application/yaml");
        Assert.Equal(HttpStatusCode.Created, createdCode);
        Assert.Equal(entry.Split(": ")[1], created["data"]![entry.Split(": ")[0]]!.GetValue<string>());
        await Server.Http.DeleteAsync($"{ConfigMaps}/yaml11");
    }

    /// <summary>
    /// Go's decoder skips an unknown field's value however deep it nests (to 10000 levels), and a repeat inside it is not
    /// told; the serializer's default depth of 64 refused such a body with .NET's words.
    /// </summary>
    [Fact]
    public async Task AnUnknownFieldNested200Deep_IsWarnedOf_AndRepeatsInsideItAreNot()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "{\"k\":1,\"k\":2}" + new string('}', 200);
        var (code, warnings, created) = await SendAsync(HttpMethod.Post, ConfigMaps,
            "{\"metadata\":{\"name\":\"deep\"},\"data\":{\"a\":\"b\"},\"extra\":" + deep + ",\"data\":{\"c\":\"d\"}}", "application/json");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(["unknown field \"extra\"", "duplicate field \"data\""], warnings);
        // data is a map field of the struct: the repeat decodes into the map already there.
        Assert.Equal("""{"a":"b","c":"d"}""", created["data"]!.ToJsonString());

        // A merge patch that brings it: the patch itself is decoded untyped (a map), where every repeat is told, then the
        // patched object's unknown field; the object is left as it was.
        var patched = await SendAsync(HttpMethod.Patch, $"{ConfigMaps}/deep", "{\"extra\":" + deep + "}", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Code);
        Assert.Equal([$"duplicate field \"extra.{string.Concat(Enumerable.Repeat("a.", 200))}k\"", "unknown field \"extra\""], patched.Warnings);
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), patched.Body["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task RepeatedKeysInAPut_AreWarnedOfAsInACreate()
    {
        var (code, _, _) = await SendAsync(HttpMethod.Post, Deployments, InvalidBodyJson.Replace("NAME", "put"), "application/json");
        Assert.Equal(HttpStatusCode.Created, code);

        // Without a resourceVersion: a Deployment allows an unconditional update, and its controller's status writes race a precondition.
        var (putCode, warnings, _) = await SendAsync(HttpMethod.Put, $"{Deployments}/put", InvalidBodyJson.Replace("NAME", "put"), "application/json");

        Assert.Equal(HttpStatusCode.OK, putCode);
        Assert.Equal(JsonStrictErrors, warnings);
    }

    /// <summary>
    /// A repeated field decodes into the value already there (encoding/json's object() and array()): a struct keeps the
    /// fields the repeat does not set, a map the keys, a list its items' fields up to the repeat's length. A key repeated in
    /// one map is decoded afresh.
    /// </summary>
    [Fact]
    public async Task ARepeatedField_DecodesIntoTheValueAlreadyThere()
    {
        var (code, warnings, created) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", """
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"merged","labels":{"a":"1"}},
             "metadata":{"labels":{"b":"2"},"annotations":{"n":"1","n":"2"}},
             "spec":{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":"1","memory":"1Gi"}}},{"name":"d","image":"busybox"}]},
             "spec":{"containers":[{"resources":{"limits":{"cpu":"2"}}}],"schedulerName":"none"}}
            """, "application/json");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(["duplicate field \"metadata\"", "duplicate field \"metadata.annotations.n\"", "duplicate field \"spec\""], warnings);
        Assert.Equal("merged", created["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("""{"a":"1","b":"2"}""", created["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("2", created["metadata"]!["annotations"]!["n"]!.GetValue<string>());
        var containers = created["spec"]!["containers"]!.AsArray();
        var container = Assert.Single(containers)!;
        Assert.Equal("c", container["name"]!.GetValue<string>());
        Assert.Equal("nginx", container["image"]!.GetValue<string>());
        Assert.Equal("""{"cpu":"2","memory":"1Gi"}""", container["resources"]!["limits"]!.ToJsonString());
        Assert.Equal("none", created["spec"]!["schedulerName"]!.GetValue<string>());
    }

    /// <summary>
    /// handlers/patch.go decodes a merge and a strategic patch with kjson.UnmarshalStrict into a map, and a JSON patch into
    /// []jsonPatchOp ("json patch " before each error); the patch's own repeats come before the patched object's unknown
    /// fields. An apply's YAML goes through yaml.UnmarshalStrict: go-yaml's lines, or under Strict its 400.
    /// </summary>
    [Fact]
    public async Task RepeatedKeysInPatches_AreThePatchDecodesStrictErrors()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"patched"},"data":{"k":"v"}}""");
        var path = $"{ConfigMaps}/patched";

        var merge = await SendAsync(HttpMethod.Patch, path, """{"data":{"k":"1","k":"2"},"extra":1}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, merge.Code);
        Assert.Equal(["duplicate field \"data.k\"", "unknown field \"extra\""], merge.Warnings);
        Assert.Equal("2", merge.Body["data"]!["k"]!.GetValue<string>());

        var strategic = await SendAsync(HttpMethod.Patch, path, """{"data":{"k":"3","k":"4"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(["duplicate field \"data.k\""], strategic.Warnings);
        Assert.Equal("4", strategic.Body["data"]!["k"]!.GetValue<string>());

        // "Value" is no member of jsonPatchOp, so its repeat is not reported; "op"'s is, and the last one applies.
        var json = await SendAsync(HttpMethod.Patch, path, """[{"op":"add","op":"replace","path":"/data/k","value":"5","Value":1,"Value":2}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, json.Code);
        Assert.Equal(["json patch duplicate field \"[0].op\"", "json patch unknown field \"[0].Value\""], json.Warnings);
        Assert.Equal("5", json.Body["data"]!["k"]!.GetValue<string>());

        var strict = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, path + "?fieldValidation=Strict", """{"data":{"k":"6","k":"7"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"map[data:map[k:7]]\": strict decoding error: duplicate field \"data.k\"", strict);

        var ignored = await SendAsync(HttpMethod.Patch, path + "?fieldValidation=Ignore", """{"data":{"k":"8","k":"9"}}""", "application/merge-patch+json");
        Assert.Empty(ignored.Warnings);
        Assert.Equal("9", ignored.Body["data"]!["k"]!.GetValue<string>());

        const string Apply = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: patched\ndata:\n  z: \"1\"\n  z: \"2\"\n";
        var applied = await SendAsync(HttpMethod.Patch, path + "?fieldManager=me", Apply, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, applied.Code);
        Assert.Equal(["line 7: key \"z\" already set in map"], applied.Warnings);
        Assert.Equal("2", applied.Body["data"]!["z"]!.GetValue<string>());

        var refused = await SendAsync(HttpMethod.Patch, path + "?fieldManager=me&fieldValidation=Strict", Apply, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Code);
        Assert.Equal("error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key \"z\" already set in map", refused.Body.Str("message"));

        // Upstream checks the repeats once fieldManager.Apply has succeeded: a conflict is still the 409.
        var conflict = await SendAsync(HttpMethod.Patch, path + "?fieldManager=other&fieldValidation=Strict", Apply.Replace("\"2\"", "\"3\""), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Conflict, conflict.Code);

        // An apply that creates the object carries the warning too.
        var fresh = await SendAsync(HttpMethod.Patch, $"{ConfigMaps}/fresh?fieldManager=me", Apply.Replace("name: patched", "name: fresh"), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, fresh.Code);
        Assert.Equal(["line 7: key \"z\" already set in map"], fresh.Warnings);
    }

    /// <summary>
    /// A type error trumps the strict errors (json.go's Decode returns unmarshal's error instead of them): under Strict
    /// it is the 400, and under Warn the 400 comes without the warnings.
    /// </summary>
    [Theory]
    [InlineData("Strict")]
    [InlineData("Warn")]
    public async Task ATypeErrorTrumpsUnknownAndRepeatedFields(string validation)
    {
        var (code, warnings, status) = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=" + validation,
            """{"metadata":{"name":"typed"},"bogus":1,"data":{"k":"1","k":"2"},"immutable":"yes"}""", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Empty(warnings);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool", status.Str("message"));
    }
}
