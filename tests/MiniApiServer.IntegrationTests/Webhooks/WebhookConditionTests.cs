using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Webhooks.WebhookKit;

namespace MiniApiServer.IntegrationTests.Webhooks;

/// <summary>
/// matchConditions (matchconditions/matcher.go, generic/webhook.go ShouldCallHook): a false condition skips the
/// webhook; a condition that fails to evaluate skips it under Ignore and refuses the write with a 403 under Fail.
/// </summary>
public sealed class WebhookConditionTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task MatchConditions_DecideWhichWritesTheWebhookSees()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(null));
        var conditions = """
            ,"matchConditions":[
              {"name":"not-system","expression":"!request.userInfo.username.startsWith('system:kube-')"},
              {"name":"opted-in","expression":"has(object.metadata.labels) && 'webhook' in object.metadata.labels && object.metadata.labels['webhook'] == 'on'"}]
            """;
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "conditional", "conditional.example.com", webhook.Url("/v"), webhook.CaBundle,
            extra: conditions));

        await Server.Http.CreateAsync(Pods, Pod("plain"));
        await Server.Http.CreateAsync(Pods, Pod("opted", """{"webhook":"on"}"""));
        await Server.Http.CreateAsync(Pods, Pod("other", """{"webhook":"off"}"""));

        Assert.Equal(["opted"], webhook.Received.Select(r => r.Review["request"].Str("name")));
    }

    [Fact]
    public async Task AConditionThatFails_RefusesUnderFail_AndSkipsUnderIgnore()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(null));
        var failing = ""","matchConditions":[{"name":"owner","expression":"object.metadata.annotations.owner == 'me'"}]""";
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "strict", "strict.example.com", webhook.Url("/v"), webhook.CaBundle,
            extra: failing));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("unannotated"));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal(("Forbidden", "pods \"unannotated\" is forbidden: no such key: annotations"), (status.Str("reason"), status.Str("message")));

        var patched = await Server.Http.SendJsonAsync(HttpMethod.Patch, Validating + "/strict",
            """[{"op":"replace","path":"/webhooks/0/failurePolicy","value":"Ignore"}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Code);
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("unannotated"))).Code);
        var annotated = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"annotated","annotations":{"owner":"me"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""";
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, annotated)).Code);
        Assert.Equal(["annotated"], webhook.Received.Select(r => r.Review["request"].Str("name")));
    }

    [Fact]
    public async Task AResponseOfTheWrongShape_IsAFailureToCall()
    {
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(new JsonObject { ["allowed"] = "true" }));
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "odd", "odd.example.com", webhook.Url("/v"), webhook.CaBundle));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("a"));
        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal("Internal error occurred: failed calling webhook \"odd.example.com\": received invalid webhook response: "
            + "json: cannot unmarshal string into Go struct field AdmissionResponse.response.allowed of type bool", status.Str("message"));
    }

    // validation.go validateMatchConditionsExpression: compiled at create and update, an error Invalid on the expression.
    [Fact]
    public async Task AConditionThatDoesNotCompile_IsRefusedAtCreate_AndAnAuthorizerConditionIsKept()
    {
        var broken = ""","matchConditions":[{"name":"ok","expression":"true"},{"name":"broken","expression":"object.metadata.name =="}]""";
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Validating,
            Config("ValidatingWebhookConfiguration", "broken", "broken.example.com", "https://127.0.0.1:1/v", "", extra: broken));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        var cause = status["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal(("FieldValueInvalid", "webhooks[0].matchConditions[1].expression"), (cause.Str("reason"), cause.Str("field")));
        Assert.StartsWith("Invalid value: \"object.metadata.name ==\": compilation failed: ", cause.Str("message"));

        // The docs' breakglass condition; with authorization off every check is allowed, so the webhook is skipped.
        await using var webhook = await WebhookServer.StartAsync((_, _) => Task.FromResult<JsonObject?>(null));
        var breakglass = ""","matchConditions":[{"name":"breakglass","expression":"!authorizer.group('admissionregistration.k8s.io').resource('validatingwebhookconfigurations').name('glass').check('breakglass').allowed()"}]""";
        await Server.Http.CreateAsync(Validating, Config("ValidatingWebhookConfiguration", "glass", "glass.example.com", webhook.Url("/v"), webhook.CaBundle, extra: breakglass));

        Assert.Equal(HttpStatusCode.Created, (await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("glass-pod"))).Code);
        Assert.Empty(webhook.Received);
    }
}
