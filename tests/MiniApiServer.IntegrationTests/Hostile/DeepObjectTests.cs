using System.Net;
using MiniApiServer.IntegrationTests.CustomResources;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// A custom resource's preserved fields nested past 64 levels reached the writer, whose serializer stops at 64: the
/// whole batch failed with a 500 "storage commit failed", the other clients' writes in it too, and the storage was
/// marked unhealthy. kube-apiserver decodes up to 10,000 levels; this server stores up to 64 and refuses the rest with a
/// 400 before anything is queued (no upstream message to mirror).
/// </summary>
public sealed class DeepObjectTests : ServerTest
{
    private const string Things = "/apis/deep.example.com/v1/namespaces/default/things";

    private static readonly string Crd = CrdKit.SingleVersionCrd("deep.example.com", "things", "Thing",
        """{"type":"object","x-kubernetes-preserve-unknown-fields":true}""");

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Thing(string name, int arrays) =>
        $$$"""{"apiVersion":"deep.example.com/v1","kind":"Thing","metadata":{"name":"{{{name}}}"},"spec":{"x":{{{new string('[', arrays)}}}{{{new string(']', arrays)}}}}}""";

    [Fact]
    public async Task AnObjectNestedPast64Levels_Is400_AndTheStoreKeepsServing()
    {
        await CrdKit.InstallAsync(Server.Http, Crd, "deep.example.com/v1");

        // The object, spec and x's arrays: 62 arrays make 64 levels, 63 make 65.
        var (deep, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Things, Thing("deep", 63));
        var (shallow, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, Things, Thing("shallow", 62));

        Assert.Equal((HttpStatusCode.BadRequest, "BadRequest", "the object is nested more than 64 levels deep, which this server does not store"),
            (deep, status.Str("reason"), status.Str("message")));
        Assert.Equal(HttpStatusCode.Created, shallow);
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync($"{Things}/shallow")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{Things}/deep")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/readyz")).StatusCode);
    }
}
