using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// Table output's options as handlers/response.go reads them: includeObject validated as ValidateTableOptions (400
/// otherwise), and a paged list's remainingItemCount copied into the Table (printers' GenerateTable).
/// </summary>
public sealed class TableOptionsTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Code, JsonObject Body)> GetTableAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        using var response = await Server.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task APagedTableSaysHowManyRemain()
    {
        await Server.Http.RootCaPublishedAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await Server.Http.CreateAsync(ConfigMaps, $$$"""{"metadata":{"name":"{{{name}}}"}}""");
        }

        var (code, table) = await GetTableAsync(ConfigMaps + "?limit=1");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Table", table.Str("kind"));
        // a, b, c and kube-root-ca.crt.
        Assert.Equal(3, (long)table["metadata"]!["remainingItemCount"]!);
        Assert.NotNull(table["metadata"]!["continue"]);
    }

    [Fact]
    public async Task AnUnknownIncludeObjectIsABadRequest()
    {
        var (code, status) = await GetTableAsync(ConfigMaps + "?includeObject=Foo");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("Unable to convert to Table as requested: includeObject: Invalid value: \"Foo\": must be 'Metadata', 'Object', 'None', or empty", status.Str("message"));
        // Without a Table nothing reads the option.
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync(ConfigMaps + "?includeObject=Foo")).StatusCode);
    }
}
