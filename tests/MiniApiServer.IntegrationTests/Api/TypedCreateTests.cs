using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>A typed create (what controllers send) answers exactly as the HTTP create of the same object.</summary>
public sealed class TypedCreateTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private ResourceService Service => Server.Services.GetRequiredService<ResourceService>();

    private static V1Pod Pod(string name, string? image, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = image }] },
    };

    [Fact]
    public async Task InvalidPod_SameStatusAsHttp()
    {
        var labels = new Dictionary<string, string> { ["bad key!"] = "v" };
        var json = ModelCodec.Encode(Pod("Bad_Name", null, labels)).ToJsonString();
        var resp = await Server.Http.PostAsync("/api/v1/namespaces/default/pods", CrudOverHttpTests.Json(json));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, resp.StatusCode);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;

        var ex = await Assert.ThrowsAsync<ApiException>(() =>
            Service.CreateModelAsync(Service.Registry.Pods, "default", Pod("Bad_Name", null, labels), WriteOptions.Default));

        Assert.Equal(422, ex.Code);
        Assert.Equal(status["reason"]!.GetValue<string>(), ex.Reason);
        Assert.Equal(status["message"]!.GetValue<string>(), ex.Message);
        var httpCauses = status["details"]!["causes"]!.AsArray()
            .Select(c => (c!["reason"]!.GetValue<string>(), c["message"]!.GetValue<string>(), c["field"]!.GetValue<string>())).ToList();
        Assert.Equal(3, httpCauses.Count);
        Assert.Equal(httpCauses, ex.Details!.Causes!.Select(c => (c.Reason, c.Message, c.Field)).ToList());
    }

    [Fact]
    public async Task ValidPod_StoredAsHttpStoresIt()
    {
        var json = ModelCodec.Encode(Pod("over-http", "nginx")).ToJsonString();
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", json);
        // Named as the test's HTTP client is (no User-Agent), so both record the same managedFields entry.
        var created = await Service.CreateModelAsync(Service.Registry.Pods, "default", Pod("typed", "nginx"), WriteOptions.Default with { DefaultManager = "" });

        Assert.Equal(201, created.StatusCode);
        var viaHttp = Normalised(await Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/over-http"));
        var typed = Normalised(await Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/typed"));
        Assert.Equal(viaHttp.ToJsonString(), typed.ToJsonString());
    }

    [Fact]
    public async Task GenerateName_NamespaceMismatch_And_MissingNamespace()
    {
        var generated = Pod("", "nginx");
        generated.Metadata.Name = null;
        generated.Metadata.GenerateName = "gen-";
        var created = ModelCodec.Decode<V1Pod>((await Service.CreateModelAsync(Service.Registry.Pods, "default", generated, WriteOptions.Default)).Json);
        Assert.StartsWith("gen-", created.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(5 + 4, created.Metadata.Name.Length);

        var elsewhere = Pod("p", "nginx");
        elsewhere.Metadata.NamespaceProperty = "other";
        var mismatch = await Assert.ThrowsAsync<ApiException>(() => Service.CreateModelAsync(Service.Registry.Pods, "default", elsewhere, WriteOptions.Default));
        Assert.Equal(400, mismatch.Code);
        var missing = await Assert.ThrowsAsync<ApiException>(() => Service.CreateModelAsync(Service.Registry.Pods, "nope", Pod("p", "nginx"), WriteOptions.Default));
        Assert.Equal(404, missing.Code);
    }

    private static JsonObject Normalised(JsonObject? obj)
    {
        var meta = obj!["metadata"]!.AsObject();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", meta["creationTimestamp"]!.GetValue<string>());
        foreach (var field in new[] { "name", "uid", "resourceVersion", "creationTimestamp" })
        {
            meta.Remove(field);
        }
        // The scheduler may already have marked either pod unschedulable, each at its own time.
        obj["status"]!.AsObject().Remove("conditions");
        foreach (var entry in meta["managedFields"]!.AsArray())
        {
            entry!.AsObject().Remove("time");
        }
        return TokenVolumeNames.Mask(obj);
    }
}
