using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Events;

/// <summary>
/// pkg/apis/core/validation/events.go: every Event passes legacyValidateEvent, and a create through events.k8s.io/v1
/// also passes the strict rules, while core/v1 keeps accepting what old clients send.
/// </summary>
public sealed class EventValidationTests : ServerTest
{
    private const string Core = "/api/v1/namespaces/default/events";
    private const string V1 = "/apis/events.k8s.io/v1/namespaces/default/events";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Code, JsonObject Body)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var resp = await Server.Http.PostAsync(path, content);
        return (resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task EventsV1Create_WithoutEventTimeAndWithDeprecatedFields_Is422NamingEachField()
    {
        var (code, status) = await PostAsync(V1, """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"bad.1"},
             "regarding":{"kind":"Pod","namespace":"default","name":"web"},"reason":"Started","note":"x","type":"Info",
             "action":"Start","reportingController":"kubelet","reportingInstance":"node-1",
             "deprecatedCount":3,"deprecatedSource":{"component":"kubelet"}}
            """);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", status.Str("reason"));
        var fields = status["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["eventTime", "type", "count", "source"], fields);
        Assert.StartsWith("Event \"bad.1\" is invalid: [eventTime: Required value", status.Str("message"));
        Assert.Null(await Server.Http.GetJsonAsync($"{Core}/bad.1"));
    }

    [Fact]
    public async Task NewStyleEvent_WithoutReporterOrAction_Is422_ThroughEitherApi()
    {
        var (v1Code, v1Status) = await PostAsync(V1, """
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"anon.1"},"eventTime":"2026-01-01T00:00:00.000000Z",
             "regarding":{"kind":"Pod","namespace":"default","name":"web"},"reason":"Started","type":"Normal"}
            """);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, v1Code);
        // legacyValidateEvent adds Required for an empty reportingController and then IsQualifiedName's messages for it.
        Assert.Equal(
            [
                "reportingController: Required value",
                "reportingController: Invalid value: \"\": name part must be non-empty",
                "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "reportingInstance: Required value",
                "action: Required value",
            ],
            v1Status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList());

        var (coreCode, coreStatus) = await PostAsync(Core, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"anon.2"},"eventTime":"2026-01-01T00:00:00.000000Z",
             "involvedObject":{"kind":"Pod","namespace":"default","name":"web"},"reason":"Started","type":"Normal",
             "reportingComponent":"kubelet","reportingInstance":"node-1","action":"Start","message":"MESSAGE"}
            """.Replace("MESSAGE", new string('m', 1025), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, coreCode);
        Assert.Equal("Event \"anon.2\" is invalid: message: Invalid value: \"\": can have at most 1024 characters", coreStatus.Str("message"));
    }

    [Fact]
    public async Task LegacyEvent_MustLiveInItsObjectsNamespace_OrDefaultForAClusterScopedObject()
    {
        var (elsewhere, status) = await PostAsync(Core, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"web.1"},
             "involvedObject":{"kind":"Pod","namespace":"kube-system","name":"web"},"reason":"Started","message":"started","type":"Normal"}
            """);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, elsewhere);
        Assert.Equal("Event \"web.1\" is invalid: involvedObject.namespace: Invalid value: \"kube-system\": does not match event.namespace", status.Str("message"));

        // What kubectl and client-go's old recorder send: no eventTime, no reporter, a node's event in "default".
        var (nodeEvent, created) = await PostAsync(Core, """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"node-1.1"},
             "involvedObject":{"kind":"Node","name":"node-1"},"reason":"Rebooted","message":"rebooted","type":"Warning",
             "source":{"component":"kubelet"},"count":2}
            """);
        Assert.True(nodeEvent == HttpStatusCode.Created, created.ToJsonString());
    }
}
