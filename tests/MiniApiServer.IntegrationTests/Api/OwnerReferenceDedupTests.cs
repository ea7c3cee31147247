using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// dedupOwnerReferencesAndAddWarning (apiserver/pkg/endpoints/handlers/rest.go): an owner reference equal to an earlier
/// one is dropped from a create, an update and a patch, with upstream's warning naming each dropped uid. Before, the
/// duplicates were stored as sent. The owner exists, so the garbage collector leaves the dependents be.
/// </summary>
public sealed class OwnerReferenceDedupTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Warning(string uids) =>
        $"299 - \".metadata.ownerReferences contains duplicate entries; API server dedups owner references in 1.20+, and may reject such requests as early as 1.24; please fix your requests; duplicate UID(s) observed: {uids}\"";

    private static string PatchWarning(string uids) =>
        $"299 - \".metadata.ownerReferences contains duplicate entries after mutating admission happens; API server dedups owner references in 1.20+, and may reject such requests as early as 1.24; please fix your requests; duplicate UID(s) observed: {uids}\"";

    [Theory]
    [InlineData("/api/v1/namespaces/default/configmaps", """ "data":{"k":"v"} """)]
    [InlineData("/api/v1/namespaces/default/pods", """ "spec":{"containers":[{"name":"c","image":"busybox"}]} """)]
    public async Task ACreate_DropsRepeatedOwnerReferences_WithAWarning(string path, string rest)
    {
        var (owner, uid) = await CreateOwner();
        // Same uid, but without controller: not a duplicate.
        var other = owner.Replace(""","controller":true""", "", StringComparison.Ordinal);
        var name = "dedup-" + Guid.NewGuid().ToString("N")[..8];

        var created = await Server.Http.PostAsync(path, CrudOverHttpTests.Json(
            $$$"""{"metadata":{"name":"{{{name}}}","ownerReferences":[{{{owner}}},{{{other}}},{{{owner}}},{{{owner}}}]},{{{rest}}}}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([Warning($"{uid}, {uid}")], created.Headers.GetValues("Warning"));
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{path}/{name}"))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($"[{owner},{other}]"), stored["metadata"]!["ownerReferences"]), stored["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task AnUpdateAndAPatch_DropRepeatedOwnerReferences_WithTheirWarnings()
    {
        var (owner, uid) = await CreateOwner();
        var name = "dedup-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.PostAsync(ConfigMaps, CrudOverHttpTests.Json($$$"""{"metadata":{"name":"{{{name}}}"}}"""))).StatusCode);

        var put = await Server.Http.PutAsync($"{ConfigMaps}/{name}", CrudOverHttpTests.Json(
            $$$"""{"metadata":{"name":"{{{name}}}","ownerReferences":[{{{owner}}},{{{owner}}},{{{owner}}}]}}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([Warning($"{uid}, {uid}")], put.Headers.GetValues("Warning"));

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{ConfigMaps}/{name}")
        {
            Content = new StringContent($$$"""{"metadata":{"ownerReferences":[{{{owner}}},{{{owner}}}]}}""", Encoding.UTF8, new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        var patched = await Server.Http.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal([PatchWarning(uid)], patched.Headers.GetValues("Warning"));
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/{name}"))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($"[{owner}]"), stored["metadata"]!["ownerReferences"]), stored["metadata"]!.ToJsonString());
    }

    private async Task<(string Reference, string Uid)> CreateOwner()
    {
        var name = "owner-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Server.Http.PostAsync(ConfigMaps, CrudOverHttpTests.Json($$$"""{"metadata":{"name":"{{{name}}}"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var uid = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["metadata"]!["uid"]!.GetValue<string>();
        return ($$$"""{"apiVersion":"v1","kind":"ConfigMap","name":"{{{name}}}","uid":"{{{uid}}}","controller":true}""", uid);
    }
}
