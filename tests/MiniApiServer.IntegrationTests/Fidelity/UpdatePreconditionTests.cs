using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// A PUT body's uid is a precondition (apiserver's defaultUpdatedObjectInfo.Preconditions, checked by etcd3's
/// GuaranteedUpdate before the resourceVersion), a patch may not change the uid (ValidateObjectMetaUpdate), and a
/// body's resourceVersion is read as the registry's Update reads it.
/// </summary>
public sealed class UpdatePreconditionTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string json, string type = "application/json") =>
        Server.Http.SendJsonAsync(method, path, json, type);

    [Fact]
    public async Task PutWithAnotherUid_Is409AndWritesNothing_SameOrNoUidWrites()
    {
        var created = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"u"},"data":{"v":"1"}}""");
        var uid = created.Str("metadata", "uid")!;

        var (code, status) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/u", """{"metadata":{"name":"u","uid":"someone-else"},"data":{"v":"2"}}""");
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", status.Str("reason"));
        // etcd3's StorageError as InterpretUpdateError keeps it (the key is where kube-apiserver stores the object).
        Assert.Equal($"Operation cannot be fulfilled on configmaps \"u\": StorageError: invalid object, Code: 4, Key: /registry/configmaps/default/u, ResourceVersion: 0, " +
            $"AdditionalErrorMsg: Precondition failed: UID in precondition: someone-else, UID in object meta: {uid}", status.Str("message"));
        Assert.Equal("1", (await Server.Http.GetJsonAsync($"{ConfigMaps}/u")).Str("data", "v"));

        var (sameCode, same) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/u", $$$"""{"metadata":{"name":"u","uid":"{{{uid}}}"},"data":{"v":"3"}}""");
        Assert.Equal(HttpStatusCode.OK, sameCode);
        Assert.Equal("3", same.Str("data", "v"));
        var (noneCode, none) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/u", """{"metadata":{"name":"u"},"data":{"v":"4"}}""");
        Assert.Equal(HttpStatusCode.OK, noneCode);
        Assert.Equal(uid, none.Str("metadata", "uid"));
    }

    [Fact]
    public async Task PutMeantForADeletedObject_DoesNotLandOnItsSuccessor()
    {
        var first = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"again"},"data":{"gen":"first"}}""");
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{ConfigMaps}/again"));
        var second = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"again"},"data":{"gen":"second"}}""");

        var stale = first.DeepClone().AsObject();
        stale["metadata"]!.AsObject().Remove("resourceVersion");
        stale["data"]!["gen"] = "stale";
        var (code, status) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/again", stale.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Contains($"UID in precondition: {first.Str("metadata", "uid")}, UID in object meta: {second.Str("metadata", "uid")}", status.Str("message"));
        Assert.Equal("second", (await Server.Http.GetJsonAsync($"{ConfigMaps}/again")).Str("data", "gen"));
    }

    [Fact]
    public async Task PatchChangingTheUid_Is422Immutable()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"p"}}""");

        var (code, status) = await SendAsync(HttpMethod.Patch, $"{ConfigMaps}/p", """{"metadata":{"uid":"forged"}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("metadata.uid: Invalid value: \"forged\": field is immutable", status.Str("message"));
    }

    /// <summary>
    /// A body's resourceVersion that is not a revision is upstream's 422 from the versioner, and "0" is an
    /// unconditional update (the registry's doUnconditionalUpdate), not a conflict.
    /// </summary>
    [Fact]
    public async Task BodyResourceVersion_NotANumberIs422_ZeroIsUnconditional()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"rv"},"data":{"v":"1"}}""");

        var (code, status) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/rv", """{"metadata":{"name":"rv","resourceVersion":"abc"},"data":{"v":"2"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal(" \"\" is invalid: resourceVersion: Invalid value: \"abc\": strconv.ParseUint: parsing \"abc\": invalid syntax", status.Str("message"));
        var (bigCode, big) = await SendAsync(HttpMethod.Patch, $"{ConfigMaps}/rv", """{"metadata":{"resourceVersion":"99999999999999999999999"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bigCode);
        Assert.EndsWith("strconv.ParseUint: parsing \"99999999999999999999999\": value out of range", big.Str("message"));
        Assert.Equal("1", (await Server.Http.GetJsonAsync($"{ConfigMaps}/rv")).Str("data", "v"));

        var (zeroCode, zero) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/rv", """{"metadata":{"name":"rv","resourceVersion":"0"},"data":{"v":"3"}}""");
        Assert.Equal(HttpStatusCode.OK, zeroCode);
        Assert.Equal("3", zero.Str("data", "v"));
        Assert.NotEqual("0", zero.Str("metadata", "resourceVersion"));
    }

    [Fact]
    public async Task DeleteWithStalePreconditions_Is409OnTheKind_AsBeforeDeleteWordsIt()
    {
        var created = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"kept"},"data":{"v":"1"}}""");
        var (uid, rv) = (created.Str("metadata", "uid")!, created.Str("metadata", "resourceVersion")!);

        var (byUid, uidStatus) = await SendAsync(HttpMethod.Delete, $"{ConfigMaps}/kept", """{"preconditions":{"uid":"someone-else"}}""");
        var (byRv, rvStatus) = await SendAsync(HttpMethod.Delete, $"{ConfigMaps}/kept", """{"preconditions":{"resourceVersion":"1"}}""");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (byUid, byRv));
        Assert.Equal($"Operation cannot be fulfilled on ConfigMap \"kept\": the UID in the precondition (someone-else) does not match the UID in record ({uid}). " +
            "The object might have been deleted and then recreated", uidStatus.Str("message"));
        Assert.Equal($"Operation cannot be fulfilled on ConfigMap \"kept\": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record ({rv}). " +
            "The object might have been modified", rvStatus.Str("message"));
        Assert.Equal("ConfigMap", rvStatus.Str("details", "kind"));
        Assert.Equal("1", (await Server.Http.GetJsonAsync($"{ConfigMaps}/kept")).Str("data", "v"));
    }

    [Fact]
    public async Task NamespaceDeleteWithAStaleResourceVersion_Is409_AndTheNamespaceStaysActive()
    {
        var created = await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"precondition-ns"}}""");

        var (code, status) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/precondition-ns", """{"preconditions":{"resourceVersion":"1"}}""");

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Operation cannot be fulfilled on namespaces \"precondition-ns\": Precondition failed: ResourceVersion in precondition: 1, " +
            $"ResourceVersion in object meta: {created.Str("metadata", "resourceVersion")}", status.Str("message"));
        Assert.Equal("Active", (await Server.Http.GetJsonAsync("/api/v1/namespaces/precondition-ns")).Str("status", "phase"));
    }
}
