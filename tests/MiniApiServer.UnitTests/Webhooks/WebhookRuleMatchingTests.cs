using k8s.Models;
using MiniApiServer.Application.Webhooks;

namespace MiniApiServer.UnitTests.Webhooks;

/// <summary>
/// predicates/rules/rules.go as its rules_test.go exercises it: "*" is every resource but no subresource, "*/*"
/// everything, "pods/*" pods and each subresource, "*/status" every status; scope Cluster counts a Namespace's own
/// requests (which carry its name as their namespace) as cluster-scoped.
/// </summary>
public sealed class WebhookRuleMatchingTests
{
    private static V1RuleWithOperations Rule(string resources, string operations = "*", string group = "*", string version = "*", string? scope = null) =>
        new() { ApiGroups = [group], ApiVersions = [version], Operations = [.. operations.Split(',')], Resources = [.. resources.Split(',')], Scope = scope };

    [Theory]
    [InlineData("pods", "pods", "", true)]
    [InlineData("pods", "pods", "status", false)]
    [InlineData("*", "pods", "", true)]
    [InlineData("*", "pods", "status", false)]
    [InlineData("*/*", "pods", "status", true)]
    [InlineData("*/*", "deployments", "", true)]
    [InlineData("pods/*", "pods", "", true)]
    [InlineData("pods/*", "pods", "exec", true)]
    [InlineData("pods/*", "services", "", false)]
    [InlineData("*/status", "deployments", "status", true)]
    [InlineData("*/status", "deployments", "", false)]
    [InlineData("pods/status", "pods", "status", true)]
    [InlineData("pods/status", "pods", "binding", false)]
    [InlineData("deployments,pods", "pods", "", true)]
    public void Resources(string ruleResources, string resource, string subresource, bool matches) =>
        Assert.Equal(matches, WebhookMatching.RuleMatches(Rule(ruleResources), "CREATE", "", "v1", resource, subresource, "default"));

    [Theory]
    [InlineData("CREATE", "CREATE", true)]
    [InlineData("CREATE,UPDATE", "UPDATE", true)]
    [InlineData("CREATE", "DELETE", false)]
    [InlineData("*", "CONNECT", true)]
    public void Operations(string ruleOperations, string operation, bool matches) =>
        Assert.Equal(matches, WebhookMatching.RuleMatches(Rule("*", ruleOperations), operation, "apps", "v1", "deployments", "", "default"));

    [Theory]
    [InlineData("apps", "v1", "apps", "v1", true)]
    [InlineData("", "v1", "apps", "v1", false)]
    [InlineData("*", "v1beta1", "apps", "v1", false)]
    [InlineData("apps", "*", "apps", "v1", true)]
    public void GroupsAndVersions(string ruleGroup, string ruleVersion, string group, string version, bool matches) =>
        Assert.Equal(matches, WebhookMatching.RuleMatches(Rule("*", group: ruleGroup, version: ruleVersion), "CREATE", group, version, "deployments", "", "default"));

    [Theory]
    [InlineData(null, "", "pods", "default", true)]
    [InlineData("*", "", "nodes", "", true)]
    [InlineData("Namespaced", "", "pods", "default", true)]
    [InlineData("Namespaced", "", "nodes", "", false)]
    [InlineData("Namespaced", "", "namespaces", "team-a", false)]
    [InlineData("Cluster", "", "nodes", "", true)]
    [InlineData("Cluster", "", "namespaces", "team-a", true)]
    [InlineData("Cluster", "", "pods", "default", false)]
    public void Scope(string? scope, string group, string resource, string ns, bool matches) =>
        Assert.Equal(matches, WebhookMatching.RuleMatches(Rule("*", scope: scope), "CREATE", group, "v1", resource, "", ns));

    [Theory]
    [InlineData("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", true)]
    [InlineData("admissionregistration.k8s.io", "MutatingWebhookConfiguration", true)]
    [InlineData("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding", true)]
    [InlineData("", "Pod", false)]
    [InlineData("apiextensions.k8s.io", "CustomResourceDefinition", false)]
    public void ConfigurationKindsAreExempt(string group, string kind, bool exempt) =>
        Assert.Equal(exempt, WebhookMatching.IsExempt(group, kind));
}
