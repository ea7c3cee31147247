using System.Net;
using System.Net.Http.Headers;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>
/// kubectl's --as and --as-group, which send Impersonate-* headers (k8s.io/apiserver filters/impersonation.go): the
/// requestor must be allowed to "impersonate" each, and the request is then authenticated and authorized as that user.
/// </summary>
public sealed class ImpersonationTests(RbacCluster cluster) : IClassFixture<RbacCluster>
{
    [KubectlFact]
    public async Task Admin_ActsAsAnotherUser_AndIsAuthorizedAsThatUser()
    {
        Assert.Equal("alice [\"devs\",\"system:authenticated\"]",
            await cluster.As("admin", "auth", "whoami", "--as=alice", "--as-group=devs", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}"));
        Assert.Equal("yes\n", await cluster.As("admin", "auth", "can-i", "create", "configmaps", "-n", "team", "--as=alice"));
        var elsewhere = await cluster.TryAs("admin", "auth", "can-i", "create", "configmaps", "-n", "default", "--as=alice");
        Assert.Equal((1, "no\n"), (elsewhere.ExitCode, elsewhere.Stdout));

        var list = await cluster.TryAs("admin", "get", "configmaps", "-n", "default", "--as=alice");
        Assert.Equal(1, list.ExitCode);
        Assert.Equal("Error from server (Forbidden): configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\"\n", list.Stderr);
    }

    [KubectlFact]
    public async Task AServiceAccountUsername_GetsItsServiceAccountGroups()
    {
        Assert.Equal("system:serviceaccount:team:robot [\"system:serviceaccounts\",\"system:serviceaccounts:team\",\"system:authenticated\"]",
            await cluster.As("admin", "auth", "whoami", "--as=system:serviceaccount:team:robot", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}"));
        Assert.Equal("yes\n", await cluster.As("admin", "auth", "can-i", "list", "pods", "-n", "team", "--as=system:serviceaccount:team:robot"));
    }

    [KubectlFact]
    public async Task AUserWithoutTheImpersonateVerb_IsRefused()
    {
        var asBob = await cluster.TryAs("alice", "get", "configmaps", "-n", "team", "--as=bob");
        Assert.Equal(1, asBob.ExitCode);
        Assert.Equal("Error from server (Forbidden): users \"bob\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope\n", asBob.Stderr);

        // The edit role may impersonate the ServiceAccounts of its namespace (upstream's aggregate-to-edit), and no others.
        Assert.Equal(0, (await cluster.TryAs("alice", "get", "configmaps", "-n", "team", "--as=system:serviceaccount:team:robot")).ExitCode);
        var asOther = await cluster.TryAs("alice", "get", "configmaps", "-n", "team", "--as=system:serviceaccount:default:robot");
        Assert.Equal("Error from server (Forbidden): serviceaccounts \"robot\" is forbidden: User \"alice\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"default\"\n", asOther.Stderr);
    }

    /// <summary>Each thing impersonated is authorized on its own: a user may be allowed while a group is not.</summary>
    [KubectlFact]
    public async Task PermissionToImpersonateUsers_DoesNotExtendToGroups()
    {
        await cluster.As("admin", "create", "clusterrole", "impersonate-users", "--verb=impersonate", "--resource=users");
        await cluster.As("admin", "create", "clusterrolebinding", "bob-impersonates", "--clusterrole=impersonate-users", "--user=bob");
        await Eventually.True(async () => (await cluster.TryAs("bob", "auth", "can-i", "impersonate", "users")).ExitCode == 0, TimeSpan.FromSeconds(20), "binding in effect");

        Assert.Contains("alice", await cluster.As("bob", "auth", "whoami", "--as=alice"), StringComparison.Ordinal);
        var masters = await cluster.TryAs("bob", "get", "secrets", "-n", "team", "--as=alice", "--as-group=system:masters");
        Assert.Equal(1, masters.ExitCode);
        Assert.Equal("Error from server (Forbidden): groups \"system:masters\" is forbidden: User \"bob\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope\n", masters.Stderr);
    }

    /// <summary>
    /// buildImpersonationRequests refuses groups without a user, and the filter answers with responsewriters.InternalError:
    /// Go's http.Error in plain text, not a Status.
    /// </summary>
    [Fact]
    public async Task AGroupWithoutAUser_IsAnInternalError()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { BaseAddress = cluster.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/team/configmaps");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "admin-token");
        request.Headers.Add("Impersonate-Group", "devs");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Internal Server Error: \"/api/v1/namespaces/team/configmaps\": requested [{Group  devs    }] without impersonating a user\n",
            await response.Content.ReadAsStringAsync());
    }
}
