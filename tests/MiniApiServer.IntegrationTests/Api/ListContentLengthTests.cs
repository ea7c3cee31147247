using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// A LIST announces its length before its body, so a client that buffers it sizes its buffer once. Kestrel aborts a
/// response whose body differs from its Content-Length, so a wrong sum shows here as a failed read, not a short body.
/// </summary>
public sealed class ListContentLengthTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task List_AnnouncesItsExactLength_ForEveryShapeOfList()
    {
        // Every namespace holds kube-root-ca.crt (the root CA publisher), so the empty list is one of a namespace never created.
        var empty = await GetAsync("/api/v1/namespaces/nowhere/configmaps");
        Assert.Empty(empty["items"]!.AsArray());
        await Server.Http.RootCaPublishedAsync();

        // Multi-byte UTF-8 in the stored bytes: the length counts bytes, not characters.
        for (var i = 0; i < 5; i++)
        {
            var cm = $$$"""{"metadata":{"name":"cm-{{{i}}}","labels":{"set":"a"}},"data":{"greeting":"grüße, 世界 {{{i}}}"}}""";
            Assert.Equal(HttpStatusCode.Created, (await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps", CrudOverHttpTests.Json(cm))).StatusCode);
        }

        var all = await GetAsync("/api/v1/namespaces/default/configmaps");
        Assert.Equal(6, all["items"]!.AsArray().Count);
        Assert.Equal("grüße, 世界 3", all["items"]![3]!["data"]!["greeting"]!.GetValue<string>());

        var first = await GetAsync("/api/v1/namespaces/default/configmaps?limit=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Equal(4, first["metadata"]!["remainingItemCount"]!.GetValue<long>());
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        var last = await GetAsync("/api/v1/namespaces/default/configmaps?limit=3&continue=" + Uri.EscapeDataString(token));
        Assert.Equal(["cm-2", "cm-3", "cm-4"], last["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));

        var one = await GetAsync("/api/v1/configmaps?labelSelector=set%3Da&fieldSelector=metadata.name%3Dcm-1");
        Assert.Single(one["items"]!.AsArray());

        using var deleted = await Server.Http.DeleteAsync("/api/v1/namespaces/default/configmaps?labelSelector=set%3Da");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var body = await deleted.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, deleted.Content.Headers.ContentLength);
        Assert.Equal(5, JsonNode.Parse(body)!["items"]!.AsArray().Count);
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await Server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        return JsonNode.Parse(body)!;
    }
}
