using System.Net;
using System.Net.Http.Headers;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// Every hostile request gets a 4xx v1 Status, never a 5xx; the server keeps serving and nothing stored
/// changes. Cases run one at a time against one server so each after-snapshot is attributable.
/// </summary>
public sealed class HostileInputTests(HostileServerFixture fixture) : IClassFixture<HostileServerFixture>
{
    public static IEnumerable<object[]> Cases => HostileCorpus.Names;

    [Fact]
    public void Corpus_HasAtLeast200Cases() => Assert.True(HostileCorpus.Count >= 200, $"only {HostileCorpus.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileRequest_Gets4xxStatus_AndChangesNothing(string name)
    {
        var hostile = HostileCorpus.Get(name);
        var before = await fixture.SnapshotAsync();
        using var response = await SendAsync(fixture.Server.Http, hostile);
        var problem = await StatusAssert.ProblemWith(response, hostile.Method, hostile.ExpectedCode);
        Assert.True(problem is null, $"{name}: {problem}");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Server.Http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient http, HostileCase hostile)
    {
        // Uri would remove dot segments (as Kestrel does) before sending; the dot-segment cases must arrive as written.
        var uri = new Uri(http.BaseAddress + hostile.Path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), uri);
        if (hostile.Body is { } body)
        {
            HttpContent content = hostile.Chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
            if (hostile.Chunked)
            {
                request.Headers.TransferEncodingChunked = true;
            }
            else if (body.Length > 1024 * 1024)
            {
                // As kubectl's transport would: let the server refuse before the body is sent, not mid-upload.
                request.Headers.ExpectContinue = true;
            }
            if (hostile.ContentType is { } type)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
            request.Content = content;
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await http.SendAsync(request).ConfigureAwait(false);
    }
}
