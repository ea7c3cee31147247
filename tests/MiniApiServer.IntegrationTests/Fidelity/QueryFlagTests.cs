using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// Query flags are read as apimachinery's Convert_Slice_string_To_bool (runtime/conversion.go): absent, "0" or "false"
/// in any case is false, anything else (an empty value included) is true, so a bare <c>?watch</c> watches.
/// </summary>
public sealed class QueryFlagTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Theory]
    [InlineData("watch", true)]
    [InlineData("watch=", true)]
    [InlineData("watch=yes", true)]
    [InlineData("watch=1", true)]
    [InlineData("watch=FALSE", false)]
    [InlineData("watch=0", false)]
    public async Task Watch_IsAnyValueButFalse(string flag, bool watches)
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"w"}}""");

        var body = await Server.Http.GetStringAsync($"{ConfigMaps}?{flag}&timeoutSeconds=1");

        // A watch answers with events, one per line; a list with one ConfigMapList.
        Assert.Equal(watches, body.StartsWith("{\"type\":\"ADDED\"", StringComparison.Ordinal));
        Assert.Equal(!watches, body.Contains("\"kind\":\"ConfigMapList\"", StringComparison.Ordinal));
    }
}
