using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// handlers/delete.go decodes a DELETE's body into metav1.DeleteOptions before anything is deleted: a body that is not
/// an object fails the json serializer's SimpleMetaFactory.Interpret (runtime/serializer/json/meta.go), and an object of
/// another kind is not registered in the meta internalversion scheme. Before, such bodies were ignored and the object
/// went. (1.32 reports these decode errors as a 500; 1.35's kubernetes#133358 made them a 400, which is kept here.)
/// </summary>
public sealed class DeleteBodyDecodeTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private const string FindKindStruct = "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    public static TheoryData<string, string> NotDeleteOptions => new()
    {
        { "[1]", $"couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type {FindKindStruct}" },
        { "\"x\"", $"couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type {FindKindStruct}" },
        { "7", $"couldn't get version/kind; json parse error: json: cannot unmarshal number into Go value of type {FindKindStruct}" },
        { """{"apiVersion":"v1","kind":"Pod"}""", "no kind \"Pod\" is registered for version \"v1\" in scheme \"pkg/apis/meta/internalversion/scheme/register.go:27\"" },
    };

    [Theory]
    [MemberData(nameof(NotDeleteOptions))]
    public async Task ABodyThatIsNotDeleteOptions_Is400_AndNothingIsDeleted(string body, string message)
    {
        var name = await CreateConfigMap();

        var resp = await Delete($"{ConfigMaps}/{name}", body);

        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync($"{ConfigMaps}/{name}")).StatusCode);
    }

    [Fact]
    public async Task ADeleteCollectionWhoseBodyIsNotAnObject_Is400_AndNothingIsDeleted()
    {
        var name = await CreateConfigMap();

        var resp = await Delete(ConfigMaps, "[1]");

        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
        Assert.Equal($"couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type {FindKindStruct}",
            JsonNode.Parse(await resp.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync($"{ConfigMaps}/{name}")).StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("""{"apiVersion":"v1","kind":"DeleteOptions"}""")]
    [InlineData("""{"apiVersion":"meta.k8s.io/v1","kind":"DeleteOptions","gracePeriodSeconds":0}""")]
    public async Task EmptyOrTypedDeleteOptions_Delete(string body)
    {
        var name = await CreateConfigMap();

        var resp = await Delete($"{ConfigMaps}/{name}", body);

        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{ConfigMaps}/{name}")).StatusCode);
    }

    private async Task<string> CreateConfigMap()
    {
        var name = "del-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Server.Http.PostAsync(ConfigMaps, CrudOverHttpTests.Json($$$"""{"metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return name;
    }

    private Task<HttpResponseMessage> Delete(string path, string body) =>
        Server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
}
