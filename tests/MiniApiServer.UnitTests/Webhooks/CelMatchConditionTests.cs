using System.Text.Json.Nodes;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.UnitTests.Webhooks;

/// <summary>
/// The CEL subset match conditions are evaluated with, against expressions from the Kubernetes docs' examples
/// (reference/access-authn-authz/extensible-admission-controllers: matching requests: matchConditions) and CEL's
/// own rules (cel-spec langdef.md: errors absorbed by && and ||, missing keys, has()).
/// </summary>
public sealed class CelMatchConditionTests
{
    private static readonly JsonObject Request = JsonNode.Parse("""
        {"kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
         "operation":"CREATE","namespace":"team-a","name":"web",
         "userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller","groups":["system:serviceaccounts","system:authenticated"]},
         "object":{"metadata":{"name":"web","labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"a","image":"nginx:1.27"},{"name":"b","image":"busybox"}]}},
         "oldObject":null,"dryRun":false}
        """)!.AsObject();

    [Theory]
    [InlineData("""!(request.resource.group == 'coordination.k8s.io' && request.resource.resource == 'leases')""", true)]
    [InlineData("""!('system:nodes' in request.userInfo.groups)""", true)]
    [InlineData("""'system:authenticated' in request.userInfo.groups""", true)]
    [InlineData("""request.resource.group != 'rbac.authorization.k8s.io'""", true)]
    [InlineData("""request.userInfo.username.startsWith('system:serviceaccount:kube-system:')""", true)]
    [InlineData("""object.metadata.labels.app == 'web' && object.metadata.labels.tier != 'back'""", true)]
    [InlineData("""'app' in object.metadata.labels""", true)]
    [InlineData("""has(object.metadata.labels) && !has(object.metadata.annotations)""", true)]
    [InlineData("""object.spec.containers.exists(c, c.image.startsWith('nginx'))""", true)]
    [InlineData("""object.spec.containers.all(c, c.image.contains(':'))""", false)]
    [InlineData("""size(object.spec.containers) == 2 && object.spec.containers[1].name == 'b'""", true)]
    [InlineData("""oldObject == null && request.operation in ['CREATE', 'UPDATE']""", true)]
    [InlineData("""request.namespace.matches('^team-[a-z]+$') ? true : false""", true)]
    [InlineData("""object.metadata.name.size() + 1 == 4""", true)]
    // A missing key is an error, which || absorbs when its other side is true (cel-spec: logical operators).
    [InlineData("""object.metadata.annotations.owner == 'x' || true""", true)]
    [InlineData("""false && object.metadata.annotations.owner == 'x'""", false)]
    public void Evaluates(string expression, bool expected) =>
        Assert.Equal(expected, CelMatchCondition.Compile("c", expression).Evaluate(Request));

    [Theory]
    [InlineData("""object.metadata.annotations.owner == 'x'""", "no such key: annotations")]
    [InlineData("""object.spec.containers[5].name == 'x'""", "index out of bounds: 5")]
    [InlineData("""request.name""", "no such overload: the expression's value is not a bool")]
    public void FailsAsCelFails(string expression, string error) =>
        Assert.Equal(error, Assert.Throws<CelException>(() => CelMatchCondition.Compile("c", expression).Evaluate(Request)).Message);

    [Theory]
    [InlineData("""object.metadata.labels.@app""")]
    [InlineData("""request.name == 'a' &&""")]
    public void WhatDoesNotCompile_FailsEveryEvaluation(string expression)
    {
        var condition = CelMatchCondition.Compile("c", expression);

        Assert.StartsWith("compilation failed: ", condition.CompileError);
        Assert.Equal(condition.CompileError, Assert.Throws<CelException>(() => condition.Evaluate(Request)).Message);
    }

    // The docs' breakglass condition: the request's user is asked about the webhook configuration's own name.
    [Fact]
    public void TheAuthorizerVariable_AsksAsTheRequestsUser()
    {
        var asked = new List<(string User, CelAccessCheck Check)>();
        var user = new Application.Webhooks.AdmissionUser("alice", "", [], new Dictionary<string, IReadOnlyList<string>>());
        var authorizer = new CelAuthorizer(user, (u, check) =>
        {
            asked.Add((u.Username, check));
            return new CelDecision(false, "", null);
        }, null);
        var condition = CelMatchCondition.Compile("breakglass",
            "!authorizer.group('admissionregistration.k8s.io').resource('validatingwebhookconfigurations').name('my-webhook.example.com').check('breakglass').allowed()");

        Assert.True(condition.Evaluate(Request, authorizer));
        Assert.Equal(("alice", new CelAccessCheck("breakglass", true, "", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", "", "my-webhook.example.com")),
            asked.Single());
    }
}
