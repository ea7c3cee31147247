using MiniApiServer.Application.Webhooks;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// The `authorizer` variable (k8s.io/apiserver/pkg/cel/library/authz.go, and its tests in authz_test.go): what each
/// builder chain asks the authorizer, as whom, and what the Decision's functions answer.
/// </summary>
public sealed class CelAuthorizerTests
{
    private static readonly AdmissionUser Alice = new("alice", "7", ["dev", "system:authenticated"], new Dictionary<string, IReadOnlyList<string>>());

    private readonly List<(string User, CelAccessCheck Check)> _asked = [];

    private object? Run(string expression, Func<CelAccessCheck, CelDecision>? answer = null, CelAccessCheck? requestResource = null)
    {
        var authorizer = new CelAuthorizer(Alice, (user, check) =>
        {
            _asked.Add((user.Username, check));
            return answer?.Invoke(check) ?? new CelDecision(true, "allowed by test", null);
        }, requestResource);
        return CelProgram.Compile(expression).Evaluate(new Dictionary<string, object?> { ["authorizer"] = authorizer });
    }

    [Fact]
    public void AResourceCheck_AsksForEveryPartTheChainNamed()
    {
        Assert.Equal(true, Run("authorizer.group('apps').resource('deployments').subresource('scale').namespace('team').name('web').check('update').allowed()"));

        Assert.Equal(("alice", new CelAccessCheck("update", true, "", "apps", "deployments", "scale", "team", "web")), _asked.Single());
    }

    [Fact]
    public void APathCheck_IsANonResourceRequest()
    {
        Assert.Equal("allowed by test", Run("authorizer.path('/healthz').check('get').reason()"));

        Assert.Equal(("alice", new CelAccessCheck("get", false, "/healthz", "", "", "", "", "")), _asked.Single());
    }

    [Fact]
    public void ServiceAccount_ChecksAsThatAccountsUser()
    {
        AdmissionUser? asked = null;
        var authorizer = new CelAuthorizer(Alice, (user, _) =>
        {
            asked = user;
            return new CelDecision(false, "", null);
        }, null);

        var result = CelProgram.Compile("authorizer.serviceAccount('kube-system', 'builder').group('').resource('pods').check('list').allowed()")
            .Evaluate(new Dictionary<string, object?> { ["authorizer"] = authorizer });

        Assert.Equal(false, result);
        Assert.Equal("system:serviceaccount:kube-system:builder", asked!.Username);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:kube-system"], asked.Groups);
    }

    [Fact]
    public void RequestResource_IsTheRequestsOwnResource_AndCanBeNarrowed()
    {
        var request = new CelAccessCheck("", true, "", "", "configmaps", "", "team", "settings");

        Assert.Equal(false, Run("authorizer.requestResource.check('delete').allowed()", c => new CelDecision(c.Verb != "delete", "", null), request));
        Assert.Equal(true, Run("authorizer.requestResource.subresource('status').check('patch').allowed()", requestResource: request));

        Assert.Equal([new CelAccessCheck("delete", true, "", "", "configmaps", "", "team", "settings"), new CelAccessCheck("patch", true, "", "", "configmaps", "status", "team", "settings")],
            _asked.Select(a => a.Check));
    }

    [Fact]
    public void ADecision_ReportsAnAuthorizersError()
    {
        Func<CelAccessCheck, CelDecision> failing = _ => new CelDecision(false, "", "webhook authorizer unreachable");

        Assert.Equal(true, Run("authorizer.path('/metrics').check('get').errored()", failing));
        Assert.Equal("webhook authorizer unreachable", Run("authorizer.path('/metrics').check('get').error()", failing));
        Assert.Equal(false, Run("authorizer.path('/metrics').check('get').errored()"));
        Assert.Equal("", Run("authorizer.path('/metrics').check('get').error()"));
    }

    [Fact]
    public void NothingIsAsked_UntilCheckIsCalled()
    {
        Assert.Equal(true, Run("[authorizer.group('').resource('pods').namespace('team'), authorizer.path('/readyz')].size() == 2"));
        Assert.Empty(_asked);
    }

    [Theory]
    [InlineData("authorizer.path(1)", "no such overload: kubernetes.authorization.Authorizer.path(int)")]
    [InlineData("authorizer.group('').check('get')", "no such overload: kubernetes.authorization.GroupCheck.check(string)")]
    [InlineData("authorizer.path('/x').check('get').name('y')", "no such overload: kubernetes.authorization.Decision.name(string)")]
    public void AWrongChain_IsACelError(string expression, string message) =>
        Assert.Equal(message, Assert.Throws<CelException>(() => Run(expression)).Message);
}
