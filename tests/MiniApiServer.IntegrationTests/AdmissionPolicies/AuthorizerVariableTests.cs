using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Security;

namespace MiniApiServer.IntegrationTests.AdmissionPolicies;

/// <summary>
/// The CEL `authorizer` variable under RBAC (k8s.io/apiserver/pkg/cel/library/authz.go): a policy asks, as the
/// writer, what RBAC grants elsewhere; serviceAccount() asks as another principal; requestResource is the write's own.
/// The users are RbacCluster's: admin (system:masters), alice (edit in "team"), the ServiceAccount team/robot (view in
/// "team").
/// </summary>
public sealed class AuthorizerVariableTests(RbacCluster cluster) : IClassFixture<RbacCluster>
{
    private const string Policy = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: configmap-writers.example.com
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - apiGroups: [""]
              apiVersions: ["v1"]
              operations: ["CREATE"]
              resources: ["configmaps"]
          validations:
          - expression: "authorizer.requestResource.check('delete').allowed()"
            message: "only who may delete configmaps here may create them"
          - expression: "authorizer.serviceAccount('team', 'robot').group('').resource('configmaps').namespace(object.metadata.namespace).check('list').allowed()"
            message: "team/robot must be able to read this namespace's configmaps"
          - expression: "!has(object.metadata.labels) || !('audited' in object.metadata.labels) || authorizer.group('').resource('secrets').namespace('kube-system').check('get').allowed()"
            messageExpression: "'audited configmaps need read access to kube-system secrets: ' + authorizer.group('').resource('secrets').namespace('kube-system').check('get').reason()"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: configmap-writers-binding.example.com
        spec:
          policyName: configmap-writers.example.com
          validationActions: [Deny]
        """;

    [KubectlFact]
    public async Task APolicy_AsksRbacAboutTheWriter_AnotherAccount_AndTheWritesOwnResource()
    {
        var file = cluster.Kubectl.WriteFile("authorizer-policy.yaml", Policy);
        await cluster.As("admin", "apply", "-f", file);

        // alice may delete configmaps in "team", and robot may list them there.
        await Eventually.True(async () => (await cluster.TryAs("alice", "create", "configmap", "plain", "-n", "team")).ExitCode == 0,
            TimeSpan.FromSeconds(20), "the policy admits alice in team");
        // In "default" alice may do nothing, and robot may not list either; the first failing validation names itself.
        var elsewhere = await cluster.TryAs("admin", "create", "configmap", "plain", "-n", "default");
        Assert.Equal((1, "error: failed to create configmap: configmaps \"plain\" is forbidden: ValidatingAdmissionPolicy 'configmap-writers.example.com' with binding 'configmap-writers-binding.example.com' denied request: team/robot must be able to read this namespace's configmaps\n"),
            (elsewhere.ExitCode, elsewhere.Stderr));
        // alice cannot read kube-system's secrets; the message carries RBAC's reason for her, empty as no rule matched,
        // and is trimmed as validator.go trims a messageExpression's value.
        var labelled = cluster.Kubectl.WriteFile("audited.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: audited, namespace: team, labels: {audited: "yes"}}
            """);
        var audited = await cluster.TryAs("alice", "create", "-f", labelled);
        // A validation without a reason is Invalid (a 422), which kubectl prints with the cause's empty field.
        Assert.Equal("The configmaps \"audited\" is invalid: : ValidatingAdmissionPolicy 'configmap-writers.example.com' with binding 'configmap-writers-binding.example.com' denied request: audited configmaps need read access to kube-system secrets:\n", audited.Stderr);
        Assert.Equal(1, audited.ExitCode);
        // admin is in system:masters, which the authorizer allows everything.
        await cluster.As("admin", "create", "-f", labelled);
    }
}
