using k8s.Models;
using MiniApiServer.Security;
using MiniApiServer.Security.Rbac;

namespace MiniApiServer.UnitTests.Security;

/// <summary>The cases of upstream's evaluation_helpers_test.go and rbac_test.go that this server's requests meet.</summary>
public sealed class PolicyRuleMatchingTests
{
    private static readonly UserInfo Alice = new("alice", "", ["system:authenticated"]);

    [Theory]
    [InlineData("get", "", "pods", "", "", true)]
    [InlineData("list", "", "pods", "", "", true)]
    [InlineData("delete", "", "pods", "", "", false)]
    [InlineData("get", "apps", "pods", "", "", false)]
    [InlineData("get", "", "pods", "log", "", false)]
    [InlineData("get", "", "secrets", "", "", false)]
    public void PlainRule_MatchesVerbGroupAndResourceExactly(string verb, string group, string resource, string sub, string name, bool allowed) =>
        Assert.Equal(allowed, PolicyRuleMatching.Allows(Resource(verb, group, resource, sub, name), Rule(["get", "list"], [""], ["pods"])));

    [Theory]
    [InlineData("pods", "status", true)]
    [InlineData("daemonsets", "status", true)]
    [InlineData("pods", "log", false)]
    [InlineData("pods", "", false)]
    public void StarSlashSubresource_MatchesThatSubresourceOfAnyResource(string resource, string sub, bool allowed) =>
        Assert.Equal(allowed, PolicyRuleMatching.Allows(Resource("patch", "", resource, sub, "x"), Rule(["patch"], ["*"], ["*/status"])));

    [Fact]
    public void ResourceSlashSubresource_DoesNotCoverTheResourceItself()
    {
        var rule = Rule(["get"], [""], ["pods/log"]);
        Assert.True(PolicyRuleMatching.Allows(Resource("get", "", "pods", "log", "p"), rule));
        Assert.False(PolicyRuleMatching.Allows(Resource("get", "", "pods", "", "p"), rule));
    }

    [Fact]
    public void ResourceNames_NarrowToThoseNames_AndExcludeNamelessRequests()
    {
        var rule = new V1PolicyRule { Verbs = ["get", "list"], ApiGroups = [""], Resources = ["configmaps"], ResourceNames = ["settings"] };
        Assert.True(PolicyRuleMatching.Allows(Resource("get", "", "configmaps", "", "settings"), rule));
        Assert.False(PolicyRuleMatching.Allows(Resource("get", "", "configmaps", "", "other"), rule));
        Assert.False(PolicyRuleMatching.Allows(Resource("list", "", "configmaps", "", ""), rule));
    }

    [Theory]
    [InlineData("/apis/*", "/apis/apps/v1", true)]
    [InlineData("/apis/*", "/apis", false)]
    [InlineData("/apis", "/apis", true)]
    [InlineData("/healthz", "/healthz/etcd", false)]
    [InlineData("*", "/anything", true)]
    public void NonResourceUrls_MatchExactlyOrByTrailingStar(string ruleUrl, string path, bool allowed)
    {
        var rule = new V1PolicyRule { Verbs = ["get"], NonResourceURLs = [ruleUrl] };
        Assert.Equal(allowed, PolicyRuleMatching.Allows(new AuthorizationAttributes(Alice, "get", false, path), rule));
    }

    [Fact]
    public void ResourceRule_NeverCoversANonResourcePath_NorTheReverse()
    {
        Assert.False(PolicyRuleMatching.Allows(new AuthorizationAttributes(Alice, "get", false, "/api"), Rule(["*"], ["*"], ["*"])));
        Assert.False(PolicyRuleMatching.Allows(Resource("get", "", "pods", "", ""), new V1PolicyRule { Verbs = ["*"], NonResourceURLs = ["*"] }));
    }

    private static AuthorizationAttributes Resource(string verb, string group, string resource, string sub, string name) =>
        new(Alice, verb, true, "", group, resource, sub, "default", name);

    private static V1PolicyRule Rule(string[] verbs, string[] groups, string[] resources) =>
        new() { Verbs = verbs, ApiGroups = groups, Resources = resources };
}
