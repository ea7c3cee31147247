using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// serviceaccounts/token and the review kinds are creates (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go):
/// the body is decoded into the endpoint's kind, so one naming another kind or apiVersion is a 400 and issues nothing.
/// Before, a Pod body sent to serviceaccounts/token was read as a TokenRequest and a token came back.
/// </summary>
public sealed class ReviewBodyKindTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Theory]
    [InlineData("""{"kind":"Pod","apiVersion":"v1","spec":{}}""", "the kind in the data (Pod) does not match the expected kind (TokenRequest)")]
    [InlineData("""{"kind":"TokenRequest","apiVersion":"v1","spec":{}}""",
        "the API version in the data (v1) does not match the expected API version (authentication.k8s.io/v1)")]
    public async Task ATokenRequestOfAnotherKind_Is400(string body, string message)
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/serviceaccounts", """{"metadata":{"name":"robot"}}""");

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/serviceaccounts/robot/token", body);

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal(("Status", "BadRequest", message), (status.Str("kind"), status.Str("reason"), status.Str("message")));
    }

    [Fact]
    public async Task ATypedTokenRequest_StillIssuesAToken()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/serviceaccounts", """{"metadata":{"name":"robot"}}""");

        var (code, issued) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/serviceaccounts/robot/token",
            """{"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","spec":{}}""");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.False(string.IsNullOrEmpty(issued.Str("status", "token")));
    }

    [Fact]
    public async Task ASelfSubjectAccessReviewOfAnotherKind_Is400()
    {
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("the kind in the data (SubjectAccessReview) does not match the expected kind (SelfSubjectAccessReview)", status.Str("message"));
    }
}
