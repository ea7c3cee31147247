using k8s;
using k8s.Models;
using Microsoft.Playwright;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>With --token-auth-file the page asks for a token, keeps it in memory only, and the API decides what it may do.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FleetPageAuthTests(BrowserFixture browser) : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    public async Task InitializeAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var tokens = Path.Combine(dir, "tokens.csv");
        File.WriteAllText(tokens, "admin-token,admin,1,\"system:masters\"\nviewer-token,viewer,2,\"dev\"\n");
        _server = ApiServerHost.Start(Path.Combine(dir, "cluster.db"), nodes: 3, settings: new Dictionary<string, string> { ["token-auth-file"] = tokens });
        // Under RBAC a user may read only what a binding grants: the page's reads, and nothing that writes.
        var admin = new Kubernetes(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString().TrimEnd('/'), AccessToken = "admin-token" });
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "fleet-reader" },
            Rules =
            [
                new V1PolicyRule { ApiGroups = [""], Resources = ["nodes", "pods", "events"], Verbs = ["get", "list", "watch"] },
                new V1PolicyRule { ApiGroups = ["apps"], Resources = ["daemonsets", "controllerrevisions"], Verbs = ["get", "list", "watch"] },
            ],
        });
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "fleet-reader-viewer" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "fleet-reader" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "viewer", ApiGroup = "rbac.authorization.k8s.io" }],
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [BrowserFact]
    public async Task PageAsksForToken_KeepsItInMemoryOnly_AndTheApiForbidsAReadOnlyUsersCordon()
    {
        await using var page = await FleetPage.OpenAsync(browser.Browser, _server.BaseAddress);
        await Assertions.Expect(page.Page.Locator("#login")).ToBeVisibleAsync();

        await page.Page.Locator("#token").FillAsync("wrong-token");
        await page.Page.Locator("#login-form button").ClickAsync();
        await Assertions.Expect(page.Page.Locator("#login-error")).ToHaveTextAsync("That token was not accepted.");

        await page.Page.Locator("#token").FillAsync("viewer-token");
        await page.Page.Locator("#login-form button").ClickAsync();
        await Assertions.Expect(page.Page.Locator("#login")).ToBeHiddenAsync();
        await Assertions.Expect(page.FleetSummary).ToHaveAttributeAsync("data-ready", "3", new() { Timeout = 20_000 });

        await page.ShowAsync("node-1");
        await page.Details.Locator("button.cordon").ClickAsync();
        await Assertions.Expect(page.Message).ToContainTextAsync("forbidden");
        await Assertions.Expect(page.Message).ToHaveAttributeAsync("data-kind", "error");
        var node = await new Kubernetes(new KubernetesClientConfiguration { Host = _server.BaseAddress.ToString().TrimEnd('/'), AccessToken = "admin-token" })
            .ReadNodeAsync("node-1");
        Assert.NotEqual(true, node.Spec.Unschedulable);

        var stored = await page.Page.EvaluateAsync<string>("() => JSON.stringify([document.cookie, { ...localStorage }, { ...sessionStorage }])");
        Assert.DoesNotContain("viewer-token", stored, StringComparison.Ordinal);
        Assert.Equal("""["",{},{}]""", stored);
        Assert.DoesNotContain("viewer-token", page.Page.Url, StringComparison.Ordinal);
        Assert.Empty(await page.CspViolationsAsync());
    }
}
