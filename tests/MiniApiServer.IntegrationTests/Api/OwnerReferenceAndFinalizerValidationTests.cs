using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// apimachinery's ValidateOwnerReferences and ValidateFinalizers (pkg/api/validation/objectmeta.go) on every write: a pod
/// as JSON (the typed path) and as YAML (the JsonNode path), and a ConfigMap update, answer with upstream's 422 causes.
/// Before, `[{}]` owner references and an empty finalizer were stored.
/// </summary>
public sealed class OwnerReferenceAndFinalizerValidationTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Pod(string name, string metadataExtra) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}",{{{metadataExtra}}}},
         "spec":{"containers":[{"name":"c","image":"busybox"}]}}
        """;

    public static TheoryData<string, string[]> BadMetadata => new()
    {
        {
            """ "ownerReferences":[{}] """,
            [
                "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": kind must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty",
            ]
        },
        {
            """ "ownerReferences":[{"apiVersion":"apps/v1/x","kind":"ReplicaSet","name":"rs","uid":"u-1"}] """,
            ["metadata.ownerReferences.apiVersion: Invalid value: \"apps/v1/x\": version must not be empty"]
        },
        {
            """ "ownerReferences":[{"apiVersion":"v1","kind":"Event","name":"e","uid":"u-1"}] """,
            ["metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\", Kind:\"Event\", Name:\"e\", UID:\"u-1\", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner"]
        },
        {
            """ "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"u-1","controller":true},{"apiVersion":"apps/v1","kind":"DaemonSet","name":"b","uid":"u-2","controller":true}] """,
            ["metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"ReplicaSet\", Name:\"a\", UID:\"u-1\", Controller:(*bool)(...), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"DaemonSet\", Name:\"b\", UID:\"u-2\", Controller:(*bool)(...), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/a and DaemonSet/b"]
        },
        {
            """ "finalizers":["", "example.com/ok", "bad finalizer"] """,
            [
                "metadata.finalizers: Invalid value: \"\": name part must be non-empty",
                "metadata.finalizers: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "metadata.finalizers: Invalid value: \"bad finalizer\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ]
        },
        {
            """ "finalizers":["orphan","foregroundDeletion"] """,
            ["metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set"]
        },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public async Task BadOwnerReferencesOrFinalizers_Are422_OnTheTypedAndTheJsonNodePath(string metadataExtra, string[] messages)
    {
        foreach (var mediaType in new[] { "application/json", "application/yaml" })
        {
            var resp = await Server.Http.PostAsync("/api/v1/namespaces/default/pods", CrudOverHttpTests.Json(Pod("owned", metadataExtra), mediaType));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, resp.StatusCode);
            var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
            Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
            Assert.Equal(messages, status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}"));
            Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync("/api/v1/namespaces/default/pods/owned")).StatusCode);
        }
    }

    [Fact]
    public async Task ARepeatedControllerReference_IsNotASecondController()
    {
        const string owner = """{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"u-1","controller":true}""";
        var resp = await Server.Http.PostAsync("/api/v1/namespaces/default/pods",
            CrudOverHttpTests.Json(Pod("twice-owned", $$""" "ownerReferences":[{{owner}},{{owner}}] """)));

        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
    }

    /// <summary>podStatusStrategy.PrepareForUpdate keeps the stored owner references on pods/status, whatever the body says.</summary>
    [Fact]
    public async Task APodStatusWrite_KeepsTheStoredOwnerReferences()
    {
        // An owner that exists, or the garbage collector deletes the pod.
        var ownerCreated = await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps", CrudOverHttpTests.Json("""{"metadata":{"name":"pod-owner"}}"""));
        var uid = JsonNode.Parse(await ownerCreated.Content.ReadAsStringAsync())!["metadata"]!["uid"]!.GetValue<string>();
        var owner = $$"""{"apiVersion":"v1","kind":"ConfigMap","name":"pod-owner","uid":"{{uid}}"}""";
        var created = await Server.Http.PostAsync("/api/v1/namespaces/default/pods", CrudOverHttpTests.Json(Pod("status-owned", $$""" "ownerReferences":[{{owner}}] """)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pod = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
        pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1" });
        // Unconditional: the scheduler may have written the pod's status since.
        pod["metadata"]!.AsObject().Remove("resourceVersion");
        pod["status"] = new JsonObject { ["phase"] = "Pending", ["message"] = "status write" };

        var put = await Server.Http.PutAsync("/api/v1/namespaces/default/pods/status-owned/status", CrudOverHttpTests.Json(pod.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync("/api/v1/namespaces/default/pods/status-owned"))!;
        Assert.Equal("status write", stored["status"]!["message"]!.GetValue<string>());
        Assert.Equal(uid, stored["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        Assert.Single(stored["metadata"]!["ownerReferences"]!.AsArray());
    }

    [Fact]
    public async Task AnUpdateThatAddsAnOwnerWithoutUid_Is422_AndTheStoredObjectStays()
    {
        var created = await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps",
            CrudOverHttpTests.Json("""{"metadata":{"name":"cm","finalizers":["example.com/keep"]},"data":{"k":"v"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var put = await Server.Http.PutAsync("/api/v1/namespaces/default/configmaps/cm", CrudOverHttpTests.Json(
            """{"metadata":{"name":"cm","ownerReferences":[{"apiVersion":"v1","kind":"Secret","name":"s"}]},"data":{"k":"w"}}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        var status = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        Assert.Equal("ConfigMap \"cm\" is invalid: metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty", status["message"]!.GetValue<string>());
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync("/api/v1/namespaces/default/configmaps/cm"))!;
        Assert.Equal("v", stored["data"]!["k"]!.GetValue<string>());
        Assert.Null(stored["metadata"]!["ownerReferences"]);
    }
}
