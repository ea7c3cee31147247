using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// ?timeout= is read by staging/src/k8s.io/apiserver/pkg/endpoints/filters/request_deadline.go: Go's time.ParseDuration,
/// a 400 "invalid timeout specified in the request URL - time: ..." for what it refuses, and 0 (or less) meaning the
/// server's own timeout. Before, 1m30s was refused and 0s cut every request at once with a 504.
/// </summary>
public sealed class TimeoutParameterTests : ServerTest
{
    private const string ConfigMap = "/api/v1/namespaces/default/configmaps/kube-root-ca.crt";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Theory]
    [InlineData("1m30s")]
    [InlineData("1.5h")]
    [InlineData("0s")]
    [InlineData("0")]
    [InlineData("-5s")]
    public async Task AGoDuration_IsServed(string timeout)
    {
        using var response = await Server.Http.GetAsync($"{ConfigMap}?timeout={timeout}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("abc", "time: invalid duration \"abc\"")]
    [InlineData("5", "time: missing unit in duration \"5\"")]
    [InlineData("5d", "time: unknown unit \"d\" in duration \"5d\"")]
    public async Task ANonDuration_Is400_InUpstreamsWords(string timeout, string error)
    {
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Get, $"{ConfigMap}?timeout={timeout}");

        Assert.Equal((HttpStatusCode.BadRequest, "BadRequest", $"invalid timeout specified in the request URL - {error}"),
            (code, status.Str("reason"), status.Str("message")));
    }
}
