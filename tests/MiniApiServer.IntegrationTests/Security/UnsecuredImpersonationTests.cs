using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>
/// With authentication off every request acts as system:unsecured, in system:masters, which may impersonate anyone:
/// kubectl --as then acts as the user it names instead of being ignored.
/// </summary>
public sealed class UnsecuredImpersonationTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [KubectlFact]
    public async Task WhoAmI_AsAnotherUser_NamesThatUser()
    {
        Assert.Equal("system:unsecured", await Kubectl.OkAsync("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"));

        Assert.Equal("alice [\"devs\",\"system:authenticated\"]",
            await Kubectl.OkAsync("auth", "whoami", "--as=alice", "--as-group=devs", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}"));
    }
}
