using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// ValidatePodUpdate (pkg/apis/core/validation/validation.go) over HTTP: a pod's spec may change only in its images,
/// activeDeadlineSeconds, tolerations and terminationGracePeriodSeconds; a change anywhere else is a 422 naming them,
/// and a write that leaves the spec alone (a label) is admitted.
/// </summary>
public sealed class PodUpdateRulesTests : ServerTest
{
    private const string Pod = "/api/v1/namespaces/default/pods/rules";

    private const string Forbidden =
        "Pod \"rules\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task Put_WithoutASpec_IsInvalid_NotAServerError()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"rules"},"spec":{"schedulerName":"elsewhere","containers":[{"name":"c","image":"nginx"}]}}""");

        using var response = await Server.Http.PutAsync(Pod, new StringContent("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"rules"}}""", Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Invalid", body.Str("reason"));
        var causes = body["details"]!["causes"]!.AsArray().Select(c => $"{c!.Str("field")}: {c.Str("reason")}").ToList();
        Assert.Contains("spec.containers: FieldValueRequired", causes);
        Assert.Contains("spec: FieldValueForbidden", causes);
        Assert.Equal("nginx", (await Server.Http.GetJsonAsync(Pod))!["spec"]!["containers"]![0].Str("image"));
    }

    [Theory]
    [InlineData("""{"metadata":{"labels":{"tier":"front"}}}""", null)]
    [InlineData("""{"spec":{"containers":[{"name":"c","image":"nginx:2"}]}}""", null)]
    [InlineData("""{"spec":{"activeDeadlineSeconds":60}}""", null)]
    [InlineData("""{"spec":{"restartPolicy":"Never"}}""", Forbidden)]
    [InlineData("""{"spec":{"containers":[{"name":"c","image":"nginx","args":["-v"]}]}}""", Forbidden)]
    [InlineData("""{"spec":{"hostname":"other"}}""", Forbidden)]
    public async Task StrategicPatch_OfASpec_IsAdmittedOnlyWhereUpstreamAllows(string patch, string? refusal)
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"rules"},"spec":{"schedulerName":"elsewhere","containers":[{"name":"c","image":"nginx"}]}}""");

        using var response = await Server.Http.PatchAsync(Pod, new StringContent(patch, Encoding.UTF8, "application/strategic-merge-patch+json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        if (refusal is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Status", body.Str("kind"));
        Assert.Equal(refusal, body.Str("message"));
        Assert.Equal("Always", (await Server.Http.GetJsonAsync(Pod)).Str("spec", "restartPolicy"));
    }
}
