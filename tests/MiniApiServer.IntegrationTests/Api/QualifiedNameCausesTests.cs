using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// IsQualifiedName (apimachinery/pkg/util/validation/validation.go) returns every message that applies, and
/// ValidateLabelName and ValidateAnnotations (apimachinery/pkg/api/validation/objectmeta.go) make a field.Invalid of
/// each: a key with a bad prefix and a bad name part, or an over-long name part that is also malformed, is two causes.
/// Before, only the first message was given.
/// </summary>
public sealed class QualifiedNameCausesTests : ServerTest
{
    private const string PrefixPart =
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string NamePart =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task EveryQualifiedNameMessage_IsACauseOfItsOwn()
    {
        var longKey = "example.com/" + new string('x', 63) + "_";
        var resp = await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps", CrudOverHttpTests.Json(
            $$$$"""{"metadata":{"name":"qualified","labels":{"-a/b_":"v"},"annotations":{"{{{{longKey}}}}":"v"}}}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, resp.StatusCode);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        string[] causes =
        [
            $"metadata.labels: Invalid value: \"-a/b_\": {PrefixPart}",
            $"metadata.labels: Invalid value: \"-a/b_\": {NamePart}",
            $"metadata.annotations: Invalid value: \"{longKey}\": name part must be no more than 63 characters",
            $"metadata.annotations: Invalid value: \"{longKey}\": {NamePart}",
        ];
        Assert.Equal(causes, status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}"));
        Assert.Equal($"ConfigMap \"qualified\" is invalid: [{string.Join(", ", causes)}]", status["message"]!.GetValue<string>());
    }
}
