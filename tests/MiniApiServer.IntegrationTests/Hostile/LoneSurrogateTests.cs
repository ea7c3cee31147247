using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// A string escape of half a UTF-16 surrogate pair ("\ud800") is read by encoding/json (decode.go's unquote) as U+FFFD,
/// the replacement character, and stored so. System.Text.Json parsed it and then threw when it wrote the string out:
/// a 500 InternalError. A whole pair ("\ud83d\ude00") is the character it encodes.
/// </summary>
public sealed class LoneSurrogateTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task AnUnpairedSurrogateEscape_IsStoredAsTheReplacementCharacter()
    {
        var (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, ConfigMaps,
            """{"metadata":{"name":"halves"},"data":{"high":"\ud800","low":"x\udc00","pair":"\ud83d\ude00","escaped":"\\ud800"}}""");

        Assert.Equal(HttpStatusCode.Created, code);
        var stored = await Server.Http.GetJsonAsync($"{ConfigMaps}/halves");
        Assert.Equal(("\uFFFD", "x\uFFFD", "\U0001F600", "\\ud800"),
            (stored.Str("data", "high"), stored.Str("data", "low"), stored.Str("data", "pair"), stored.Str("data", "escaped")));
    }

    [Fact]
    public async Task AnUnpairedSurrogateInAMergePatch_IsTheReplacementCharacterToo()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"patched"}}""");

        var (code, patched) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/patched", """{"data":{"k":"\udfff"}}""", "application/merge-patch+json");

        Assert.Equal((HttpStatusCode.OK, "\uFFFD"), (code, patched.Str("data", "k")));
    }
}
