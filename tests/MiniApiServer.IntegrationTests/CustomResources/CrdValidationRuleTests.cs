using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>
/// A CRD's `x-kubernetes-validations` over HTTP, as apiextensions-apiserver 1.32 enforces them
/// (pkg/apiserver/schema/cel/validation.go, pkg/registry/customresource/strategy.go): rules with message,
/// messageExpression, reason and fieldPath; transition rules that read oldSelf only where an old value correlates;
/// ratcheting of unchanged values; the schema errors that block the rules; and rules that do not compile refusing the CRD.
/// </summary>
public sealed class CrdValidationRuleTests : ServerTest
{
    private const string Widgets = "/apis/example.com/v1/namespaces/default/widgets";

    private const string Schema = """
        {"type":"object",
         "x-kubernetes-validations":[{"rule":"self.metadata.name.startsWith('w')","message":"name must start with w"}],
         "properties":{
          "spec":{"type":"object",
            "x-kubernetes-validations":[
              {"rule":"self.minReplicas <= self.maxReplicas","messageExpression":"'minReplicas (' + string(self.minReplicas) + ') must not exceed maxReplicas (' + string(self.maxReplicas) + ')'"},
              {"rule":"!has(self.mode) || self.mode != 'legacy'","reason":"FieldValueForbidden","fieldPath":".mode","message":"legacy mode is gone"},
              {"rule":"!oldSelf.hasValue() || !has(oldSelf.value().tier) || has(self.tier)","optionalOldSelf":true,"message":"tier cannot be removed"}],
            "properties":{
              "minReplicas":{"type":"integer"},
              "maxReplicas":{"type":"integer"},
              "mode":{"type":"string"},
              "host":{"type":"string","x-kubernetes-validations":[{"rule":"!format.dns1123Subdomain().validate(self).hasValue()","messageExpression":"format.dns1123Subdomain().validate(self).value().join('; ')"}]},
              "tier":{"type":"string","maxLength":10},
              "image":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"image is immutable"}]},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                "items":{"type":"object","required":["name"],"properties":{
                  "name":{"type":"string"},
                  "port":{"type":"integer","x-kubernetes-validations":[{"rule":"self >= oldSelf","message":"port may only grow"}]}}}}}},
          "status":{"type":"object","properties":{"ready":{"type":"integer","x-kubernetes-validations":[{"rule":"self >= 0","reason":"FieldValueInvalid"}]}}}}}
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Crd(string schema) =>
        """{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},"versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},"schema":{"openAPIV3Schema":"""
        + schema + "}}]}}";

    private static string Widget(string name, string spec) => $$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    [Fact]
    public async Task Create_FailingRules_AreInvalidWithTheirMessages_ReasonsAndFieldPaths()
    {
        await InstallAsync(Server.Http, Crd(Schema), "example.com/v1");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Widgets, Widget("xw", """{"minReplicas":5,"maxReplicas":2,"mode":"legacy"}"""));

        Assert.Equal("Widget.example.com \"xw\" is invalid: ["
            + "<nil>: Invalid value: name must start with w, "
            + "spec: Invalid value: minReplicas (5) must not exceed maxReplicas (2), "
            + "spec.mode: Forbidden: legacy mode is gone]", message);
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Widgets, Widget("xw", """{"minReplicas":1,"maxReplicas":2,"mode":"legacy"}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        var causes = status["details"]!["causes"]!.AsArray().Select(c => (c.Str("reason"), c.Str("field"))).ToList();
        Assert.Equal([("FieldValueInvalid", "<nil>"), ("FieldValueForbidden", "spec.mode")], causes);

        // A transition rule has no old value on a create: it does not run (image, ports[].port).
        var created = await Server.Http.CreateAsync(Widgets, Widget("w1", """{"minReplicas":1,"maxReplicas":2,"image":"a","ports":[{"name":"http","port":80}]}"""));
        Assert.Equal("a", created["spec"]!.Str("image"));
    }

    [Fact]
    public async Task Update_TransitionRules_SeeOldSelf_WhereTheOldValueCorrelates()
    {
        await InstallAsync(Server.Http, Crd(Schema), "example.com/v1");
        await Server.Http.CreateAsync(Widgets, Widget("w1", """{"minReplicas":1,"maxReplicas":2,"image":"a","tier":"gold","ports":[{"name":"http","port":80}]}"""));

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Widgets}/w1",
            """{"spec":{"image":"b","tier":null,"ports":[{"name":"http","port":70},{"name":"metrics","port":1}]}}""", "application/merge-patch+json");

        // The new list item "metrics" has no old item with its key, so its port rule does not run.
        Assert.Equal("Widget.example.com \"w1\" is invalid: ["
            + "spec: Invalid value: tier cannot be removed, "
            + "spec.image: Invalid value: \"b\": image is immutable, "
            + "spec.ports[0].port: Invalid value: 70: port may only grow]", message);
        var grown = await Server.Http.MergePatchAsync($"{Widgets}/w1", """{"spec":{"ports":[{"name":"http","port":90},{"name":"metrics","port":1}]}}""");
        Assert.Equal(90, grown["spec"]!["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task StatusWrites_RunTheRules_AndSchemaTypeErrors_BlockThem()
    {
        await InstallAsync(Server.Http, Crd(Schema), "example.com/v1");
        await Server.Http.CreateAsync(Widgets, Widget("w1", """{"minReplicas":1,"maxReplicas":2}"""));

        var status = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Widgets}/w1/status", """{"status":{"ready":-1}}""", "application/merge-patch+json");
        Assert.Equal("Widget.example.com \"w1\" is invalid: status.ready: Invalid value: -1: failed rule: self >= 0", status);

        var blocked = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Widgets, Widget("xw", """{"minReplicas":"one","maxReplicas":2}"""));
        Assert.Equal("Widget.example.com \"xw\" is invalid: ["
            + "spec.minReplicas: Invalid value: \"string\": spec.minReplicas in body must be of type integer: \"string\", "
            + "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]", blocked);
    }

    [Fact]
    public async Task Ratcheting_AnObjectStoredBeforeARule_CanStillBeUpdatedElsewhere()
    {
        await InstallAsync(Server.Http, Crd(Schema), "example.com/v1");
        await Server.Http.CreateAsync(Widgets, Widget("w1", """{"minReplicas":1,"maxReplicas":2,"tier":"bronze"}"""));
        var crd = await Server.Http.GetJsonAsync($"{Crds}/widgets.example.com");
        crd!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["tier"]!["x-kubernetes-validations"] =
            JsonNode.Parse("""[{"rule":"self in ['gold', 'silver']","message":"unknown tier"}]""");
        await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Crds}/widgets.example.com", crd!.ToJsonString());

        var attempt = 0;
        await Eventually.True(async () => (await Server.Http.SendJsonAsync(HttpMethod.Post, Widgets, Widget($"w{++attempt + 1}", """{"minReplicas":1,"maxReplicas":2,"tier":"bronze"}""")))
            .Code == HttpStatusCode.UnprocessableEntity, Deadline, "the new rule enforced on creates");

        var updated = await Server.Http.MergePatchAsync($"{Widgets}/w1", """{"spec":{"maxReplicas":3}}""");
        Assert.Equal(3, updated["spec"]!["maxReplicas"]!.GetValue<int>());
        var changed = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Widgets}/w1", """{"spec":{"tier":"copper"}}""", "application/merge-patch+json");
        Assert.Equal("Widget.example.com \"w1\" is invalid: spec.tier: Invalid value: \"copper\": unknown tier", changed);
    }

    [Fact]
    public async Task Rules_UseTheFormatLibrary()
    {
        await InstallAsync(Server.Http, Crd(Schema), "example.com/v1");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Widgets, Widget("w1", """{"minReplicas":1,"maxReplicas":2,"host":"Web_Server"}"""));

        Assert.Equal("Widget.example.com \"w1\" is invalid: spec.host: Invalid value: \"Web_Server\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", message);
        await Server.Http.CreateAsync(Widgets, Widget("w1", """{"minReplicas":1,"maxReplicas":2,"host":"web.example.com"}"""));
    }

    [Fact]
    public async Task TheRules_ShareOneCostBudget_AcrossTheObject()
    {
        var schema = """
            {"type":"object","properties":{"spec":{"type":"object","properties":{"items":{"type":"array","items":{"type":"object",
              "x-kubernetes-validations":[{"rule":"self.tags.all(a, self.tags.all(b, true))"}],
              "properties":{"tags":{"type":"array","items":{"type":"string"}}}}}}}}}
            """;
        await InstallAsync(Server.Http, Crd(schema), "example.com/v1");
        var item = "{\"tags\":[" + string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"{i % 10}\"")) + "]}";
        var items = "[" + string.Join(",", Enumerable.Repeat(item, 200)) + "]";

        // Each item's rule costs about a hundredth of the budget; 200 of them are more than one object may spend.
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Widgets, Widget("w1", $$"""{"items":{{items}}}"""));

        Assert.Matches(@"^Widget\.example\.com ""w1"" is invalid: spec\.items\[\d+\]: Invalid value: ""object"": 'operation cancelled: actual cost limit exceeded': "
            + @"no further validation rules will be run due to call cost exceeds limit for rule: self\.tags\.all\(a, self\.tags\.all\(b, true\)\)$", message);
        await Server.Http.CreateAsync(Widgets, Widget("w2", $$"""{"items":[{{item}}]}"""));
    }

    [KubectlFact]
    public async Task Kubectl_Apply_PrintsEachFailedRule()
    {
        await InstallAsync(Server.Http, Crd(Schema), "example.com/v1");
        var file = Kubectl.WriteFile("widget.yaml", """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w1
            spec:
              minReplicas: 3
              maxReplicas: 1
              mode: legacy
            """);

        var (exitCode, _, stderr) = await Kubectl.RunAsync("apply", "-f", file);

        Assert.Equal(1, exitCode);
        Assert.Contains("The Widget \"w1\" is invalid: \n"
            + "* spec: Invalid value: minReplicas (3) must not exceed maxReplicas (1)\n"
            + "* spec.mode: Forbidden: legacy mode is gone\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crd_WithARuleThatDoesNotCompile_IsInvalid()
    {
        var schema = """
            {"type":"object","properties":{"spec":{"type":"object",
              "x-kubernetes-validations":[{"rule":"self.minReplicas <="},{"rule":"true","reason":"Bogus"},{"rule":" "}],
              "properties":{"minReplicas":{"type":"integer"}}}}}
            """;

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Crds, Crd(schema));

        Assert.StartsWith("CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: [spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: "
            + "Invalid value: apiextensions.ValidationRule{Rule:\"self.minReplicas <=\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: ", message);
        Assert.Contains("validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].reason: Unsupported value: \"Bogus\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"", message);
        Assert.Contains("validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[2].rule: Required value", message);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{Crds}/widgets.example.com")).StatusCode);
    }
}
