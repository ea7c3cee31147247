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

    /// <summary>
    /// A server-side apply that creates is a patch: handlers/patch.go dedups after mutating admission and its warning
    /// says so. Before, the create's wording was used.
    /// </summary>
    [Fact]
    public async Task AnApplyThatCreates_WarnsWithThePatchWording()
    {
        var (owner, uid) = await CreateOwner();
        var name = "dedup-" + Guid.NewGuid().ToString("N")[..8];

        using var apply = new HttpRequestMessage(HttpMethod.Patch, $"{ConfigMaps}/{name}?fieldManager=test")
        {
            Content = new StringContent($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","ownerReferences":[{{{owner}}},{{{owner}}}]}}""",
                Encoding.UTF8, new MediaTypeHeaderValue("application/apply-patch+yaml")),
        };
        var created = await Server.Http.SendAsync(apply);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([PatchWarning(uid)], created.Headers.GetValues("Warning"));
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/{name}"))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($"[{owner}]"), stored["metadata"]!["ownerReferences"]), stored["metadata"]!.ToJsonString());
    }

    /// <summary>
    /// Owner references that are not all objects are not deduped but left to the decode, whose 400 names them as Go's
    /// decoder does (handlers/update.go decodes before dedupOwnerReferencesAndAddWarning sees the object); nothing is
    /// stored. A merge patch fails the patched object's decode with the same Go error, which handlers/patch.go wraps as a
    /// 422 'patch: Invalid value' holding the whole patched object.
    /// Before, the dedup read a field of a number or string and the server answered 500.
    /// </summary>
    [Theory]
    [InlineData("PUT", "[1,2]", "number")]
    [InlineData("PUT", """["a","b"]""", "string")]
    [InlineData("PUT", """[{"uid":"u"},7]""", "number")]
    [InlineData("PATCH", "[1,2]", "number")]
    [InlineData("PATCH", """["a","b"]""", "string")]
    [InlineData("PATCH", """[{"uid":"u"},7]""", "number")]
    public async Task OwnerReferencesThatAreNotObjects_AreLeftToTheDecode(string method, string owners, string value)
    {
        var name = "notobj-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.PostAsync(ConfigMaps, CrudOverHttpTests.Json($$$"""{"metadata":{"name":"{{{name}}}"}}"""))).StatusCode);

        using var request = new HttpRequestMessage(new HttpMethod(method), $"{ConfigMaps}/{name}")
        {
            Content = method == "PUT"
                ? CrudOverHttpTests.Json($$$"""{"metadata":{"name":"{{{name}}}","ownerReferences":{{{owners}}}}}""")
                : new StringContent($$$"""{"metadata":{"ownerReferences":{{{owners}}}}}""", Encoding.UTF8, new MediaTypeHeaderValue("application/merge-patch+json")),
        };
        var response = await Server.Http.SendAsync(request);

        Assert.Equal(method == "PUT" ? HttpStatusCode.BadRequest : HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var decodeError = $"json: cannot unmarshal {value} into Go struct field ObjectMeta.metadata.ownerReferences of type v1.OwnerReference";
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();
        Assert.Equal(method == "PUT" ? "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: " + decodeError : decodeError,
            method == "PUT" ? message : message[^decodeError.Length..]);
        Assert.Null(JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/{name}"))!["metadata"]!["ownerReferences"]);
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
