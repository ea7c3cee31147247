using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>
/// A CRD schema's string `format`, as kube-openapi's format validator checks the formats apiextensions-apiserver
/// supports (pkg/apiserver/validation/formats.go): an InvalidType error with the value shown; formats it does not
/// know (int32 on an integer, or a made-up one) are not checked.
/// </summary>
public sealed class CrdStringFormatTests : ServerTest
{
    private const string Things = "/apis/example.com/v1/namespaces/default/things";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private const string Crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"things","singular":"thing","kind":"Thing"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{
            "at":{"type":"string","format":"date-time"},
            "day":{"type":"string","format":"date"},
            "id":{"type":"string","format":"uuid"},
            "data":{"type":"string","format":"byte"},
            "address":{"type":"string","format":"ipv4"},
            "network":{"type":"string","format":"cidr"},
            "site":{"type":"string","format":"uri"},
            "mail":{"type":"string","format":"email"},
            "count":{"type":"integer","format":"int32"},
            "free":{"type":"string","format":"my-own-format"}}}}}}}]}}
        """;

    private static string Thing(string name, string spec) => $$"""{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    [Fact]
    public async Task InvalidFormats_AreTypeErrors_ValidOnesAndUncheckedFormatsPass()
    {
        await InstallAsync(Server.Http, Crd, "example.com/v1");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Things, Thing("bad",
            """{"at":"yesterday","day":"2024-02-30","id":"not-a-uuid","data":"abc","address":"10.0.0.256","network":"10.0.0.0/33","site":"example.com","mail":"nobody"}"""));

        Assert.Equal("Thing.example.com \"bad\" is invalid: ["
            + "spec.at: Invalid value: \"yesterday\": spec.at in body must be of type date-time: \"yesterday\", "
            + "spec.day: Invalid value: \"2024-02-30\": spec.day in body must be of type date: \"2024-02-30\", "
            + "spec.id: Invalid value: \"not-a-uuid\": spec.id in body must be of type uuid: \"not-a-uuid\", "
            + "spec.data: Invalid value: \"abc\": spec.data in body must be of type byte: \"abc\", "
            + "spec.address: Invalid value: \"10.0.0.256\": spec.address in body must be of type ipv4: \"10.0.0.256\", "
            + "spec.network: Invalid value: \"10.0.0.0/33\": spec.network in body must be of type cidr: \"10.0.0.0/33\", "
            + "spec.site: Invalid value: \"example.com\": spec.site in body must be of type uri: \"example.com\", "
            + "spec.mail: Invalid value: \"nobody\": spec.mail in body must be of type email: \"nobody\"]", message);

        var created = await Server.Http.CreateAsync(Things, Thing("good",
            """{"at":"2024-02-29T10:00:00Z","day":"2024-02-29","id":"123e4567-e89b-12d3-a456-426614174000","data":"aGVsbG8=","address":"10.0.0.1","network":"10.0.0.0/8","site":"https://example.com/x","mail":"a@example.com","count":7,"free":"anything"}"""));
        Assert.Equal("anything", created["spec"]!.Str("free"));
    }
}
