using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// A write's and a delete's options are validated as apimachinery's ValidateCreateOptions, ValidatePatchOptions and
/// ValidateDeleteOptions do: one 422 for the options kind with every error, and nothing written or deleted. The
/// expected messages are upstream's, written out here.
/// </summary>
public sealed class RequestOptionsTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Code, string Message)> SendAsync(HttpMethod method, string path, string? json = null, string type = "application/json")
    {
        var (code, body) = await Server.Http.SendJsonAsync(method, path, json, type);
        return (code, body.Str("message") ?? body.ToJsonString());
    }

    [Fact]
    public async Task BadDryRunAndFieldValidation_Are422ForTheOptionsKind_AndWriteNothing()
    {
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "CreateOptions.meta.k8s.io \"\" is invalid: [dryRun: Unsupported value: []string{\"All\", \"Yes\"}: supported values: \"All\", "
            + "fieldValidation: Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"]"),
            await SendAsync(HttpMethod.Post, $"{ConfigMaps}?dryRun=All&dryRun=Yes&fieldValidation=strict", """{"metadata":{"name":"c"}}"""));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"{ConfigMaps}/c")).Code);

        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"c"},"data":{"v":"1"}}""");
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "PatchOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Some\"}: supported values: \"All\""),
            await SendAsync(HttpMethod.Patch, $"{ConfigMaps}/c?dryRun=Some", """{"data":{"v":"2"}}""", "application/merge-patch+json"));
        Assert.Equal("1", (await Server.Http.GetJsonAsync($"{ConfigMaps}/c")).Str("data", "v"));

        var (code, _) = await SendAsync(HttpMethod.Post, $"{ConfigMaps}?dryRun=All&fieldValidation=Strict", """{"metadata":{"name":"dry"}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"{ConfigMaps}/dry")).Code);
    }

    [Fact]
    public async Task BadDeleteOptions_Are422_AndDeleteNothing()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"d"}}""");

        Assert.Equal((HttpStatusCode.UnprocessableEntity,
                "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""),
            await SendAsync(HttpMethod.Delete, $"{ConfigMaps}/d?propagationPolicy=Sideways"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity,
                "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: \"Foreground\": orphanDependents and deletionPropagation cannot be both set"),
            await SendAsync(HttpMethod.Delete, $"{ConfigMaps}/d", """{"kind":"DeleteOptions","apiVersion":"v1","orphanDependents":false,"propagationPolicy":"Foreground"}"""));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Yes\"}: supported values: \"All\""),
            await SendAsync(HttpMethod.Delete, $"{ConfigMaps}/d?dryRun=Yes"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Up\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""),
            await SendAsync(HttpMethod.Delete, $"{ConfigMaps}?propagationPolicy=Up"));

        // A dry run asked for in the body is one too.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"{ConfigMaps}/d", """{"dryRun":["All"]}""")).Code);
        Assert.Equal("d", (await Server.Http.GetJsonAsync($"{ConfigMaps}/d")).Str("metadata", "name"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"{ConfigMaps}/d?orphanDependents=true")).Code);
        // Orphaning puts the orphan finalizer on it first; the garbage collector then lets it go.
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{ConfigMaps}/d") is null, TimeSpan.FromSeconds(10), "the orphaned ConfigMap is gone");
    }
}
