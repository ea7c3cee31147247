using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>The Priority admission plugin's one-global-default rule (plugin/pkg/admission/priority), over HTTP.</summary>
public sealed class PriorityClassAdmissionTests : ServerTest
{
    private const string Classes = "/apis/scheduling.k8s.io/v1/priorityclasses";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task OnlyOneGlobalDefault_ByCreateOrByUpdate()
    {
        await Server.Http.CreateAsync(Classes, """{"metadata":{"name":"standard"},"value":100,"globalDefault":true}""");
        await Server.Http.CreateAsync(Classes, """{"metadata":{"name":"batch"},"value":10}""");

        var (created, createStatus) = await Server.Http.SendJsonAsync(HttpMethod.Post, Classes, """{"metadata":{"name":"second"},"value":5,"globalDefault":true}""");
        Assert.Equal(HttpStatusCode.Forbidden, created);
        Assert.Equal("priorityclasses.scheduling.k8s.io \"second\" is forbidden: PriorityClass standard is already marked as default. Only one default can exist", createStatus.Str("message"));
        Assert.Null(await Server.Http.GetJsonAsync($"{Classes}/second"));

        var (updated, updateStatus) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Classes}/batch", """{"globalDefault":true}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Forbidden, updated);
        Assert.Equal("priorityclasses.scheduling.k8s.io \"batch\" is forbidden: PriorityClass standard is already marked as default. Only one default can exist", updateStatus.Str("message"));
        Assert.Null((await Server.Http.GetJsonAsync($"{Classes}/batch"))!["globalDefault"]);

        // The default itself may change, and once it is gone another may take its place.
        Assert.Equal("x", (await Server.Http.MergePatchAsync($"{Classes}/standard", """{"metadata":{"labels":{"tier":"x"}}}""")).Str("metadata", "labels", "tier"));
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Classes}/standard"));
        Assert.Equal("true", (await Server.Http.MergePatchAsync($"{Classes}/batch", """{"globalDefault":true}"""))["globalDefault"]!.ToJsonString());
    }
}
