using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// A dry-run update answers as the update would, with the current resourceVersion (the registry's dry run updates the
/// current object and store.go's Update stamps its version), and stores nothing.
/// </summary>
public sealed class DryRunUpdateTests : ServerTest
{
    private const string ConfigMap = "/api/v1/namespaces/default/configmaps/a";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task PutAndPatch_CarryTheCurrentResourceVersion()
    {
        var created = await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"a"},"data":{"k":"1"}}""");
        var rv = created.Str("metadata", "resourceVersion");

        var (_, put) = await Server.Http.SendJsonAsync(HttpMethod.Put, ConfigMap + "?dryRun=All", """{"metadata":{"name":"a"},"data":{"k":"2"}}""");
        var (_, patched) = await Server.Http.SendJsonAsync(HttpMethod.Patch, ConfigMap + "?dryRun=All", """{"data":{"k":"3"}}""", "application/merge-patch+json");

        Assert.Equal(("2", rv), (put.Str("data", "k"), put.Str("metadata", "resourceVersion")));
        Assert.Equal(("3", rv), (patched.Str("data", "k"), patched.Str("metadata", "resourceVersion")));
        var stored = await Server.Http.GetJsonAsync(ConfigMap);
        Assert.Equal(("1", rv), (stored.Str("data", "k"), stored.Str("metadata", "resourceVersion")));
    }
}
