using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Operations;

/// <summary>
/// --audit-policy-file (k8s.io/apiserver/pkg/audit/policy, endpoints/filters/audit.go): the first matching rule sets a
/// request's level, reads and non-resource paths included; Request adds the body, RequestResponse the answer; the
/// policy's omitStages drop stages; a watch has ResponseStarted; the Audit-Id header names the event; the
/// controllers' writes follow the same policy.
/// </summary>
public sealed class AuditPolicyTests : AuditServerTest
{
    protected override string Policy => """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        omitManagedFields: true
        rules:
        - level: None
          resources:
          - group: ""
            resources: ["events"]
        - level: None
          users: ["system:serviceaccount:kube-system:root-ca-cert-publisher"]
        - level: RequestResponse
          resources:
          - group: ""
            resources: ["configmaps"]
        - level: Request
          verbs: ["create"]
          resources:
          - group: ""
            resources: ["serviceaccounts"]
        - level: Metadata
          verbs: ["create"]
          resources:
          - group: ""
            resources: ["pods"]
        - level: Metadata
          omitStages: ["ResponseComplete"]
          verbs: ["watch"]
        - level: Metadata
          nonResourceURLs: ["/version"]
        """;

    [KubectlFact]
    public async Task ThePolicyDecidesWhatIsLogged_AndAtWhichLevel()
    {
        await Kubectl.OkAsync("create", "configmap", "settings", "--from-literal=mode=fast");
        using var missing = await Server.Http.GetAsync("/api/v1/namespaces/default/configmaps/nope");
        using var version = await Server.Http.GetAsync("/version");
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"audited"}}""");
        using var watch = await Server.Http.GetAsync("/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1");
        // A JSON patch's body is a list, which omitManagedFields leaves as it is.
        await Kubectl.OkAsync("patch", "configmap", "settings", "--type=json", "-p", """[{"op":"add","path":"/data/size","value":"s"}]""");
        await Kubectl.OkAsync("get", "configmap", "settings", "--as=alice", "--as-group=devs");
        await Server.Http.CreateAsync("/api/v1/namespaces/default/events", """
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"reason":"Test","message":"m"}
            """);

        var events = await Eventually.Get(ReadAsync, e => e.Any(x => Ref(x, "resource") == "serviceaccounts" && Ref(x, "namespace") == "audited"),
            TimeSpan.FromSeconds(20), "the controller's service account create audited");

        // kubectl's create, at RequestResponse: what it sent (protobuf or JSON, logged as the object) and what it got.
        var create = events.Single(e => Ref(e, "resource") == "configmaps" && (string?)e["verb"] == "create" && Ref(e, "namespace") == "default");
        Assert.Equal(("RequestResponse", "ResponseComplete", 201), ((string?)create["level"], (string?)create["stage"], (int?)create["responseStatus"]!["code"]));
        Assert.Equal("fast", (string?)create["requestObject"]!["data"]!["mode"]);
        Assert.Equal("settings", (string?)create["responseObject"]!["metadata"]!["name"]);
        Assert.StartsWith("kubectl/v1.32", (string?)create["userAgent"]);
        Assert.Equal(["127.0.0.1"], create["sourceIPs"]!.AsArray().Select(ip => (string?)ip));
        Assert.Equal("system:unsecured", (string?)create["user"]!["username"]);
        Assert.Null(create["responseObject"]!["metadata"]!["managedFields"]);
        var patch = events.Single(e => Ref(e, "resource") == "configmaps" && (string?)e["verb"] == "patch");
        Assert.Equal((200, "/data/size"), ((int?)patch["responseStatus"]!["code"], (string?)patch["requestObject"]![0]!["path"]));
        // Impersonation: the requester is the user, whom it acted as the impersonatedUser (filters/impersonation.go).
        var impersonated = events.Single(e => (string?)e["impersonatedUser"]?["username"] == "alice");
        Assert.Equal(("system:unsecured", "get"), ((string?)impersonated["user"]!["username"], (string?)impersonated["verb"]));
        Assert.Equal(["devs", "system:authenticated"], impersonated["impersonatedUser"]!["groups"]!.AsArray().Select(g => (string?)g));
        // A read is audited too, its 404 with the Status as the response.
        var get = events.Single(e => Ref(e, "name") == "nope");
        Assert.Equal(("get", 404, "NotFound"), ((string?)get["verb"], (int?)get["responseStatus"]!["code"], (string?)get["responseObject"]!["reason"]));
        Assert.Equal(missing.Headers.GetValues("Audit-Id").Single(), (string?)get["auditID"]);
        // A non-resource path has no objectRef.
        var versionEvent = events.Single(e => (string?)e["requestURI"] == "/version");
        Assert.Equal(("Metadata", null), ((string?)versionEvent["level"], versionEvent["objectRef"]));
        // The watch rule omits ResponseComplete, so its one event is ResponseStarted.
        var watchEvents = events.Where(e => (string?)e["verb"] == "watch").ToList();
        Assert.Equal(["ResponseStarted"], watchEvents.Select(e => (string?)e["stage"]));
        // The service account controller's create, at Request (no object from an in-process write) and as itself.
        var serviceAccount = events.Single(e => Ref(e, "resource") == "serviceaccounts" && Ref(e, "namespace") == "audited");
        Assert.Equal("system:serviceaccount:kube-system:service-account-controller", (string?)serviceAccount["user"]!["username"]);
        // Events and the root CA publisher's writes have level None; the policy omits RequestReceived everywhere.
        Assert.DoesNotContain(events, e => Ref(e, "resource") == "events");
        Assert.DoesNotContain(events, e => (string?)e["user"]!["username"] == "system:serviceaccount:kube-system:root-ca-cert-publisher");
        Assert.DoesNotContain(events, e => (string?)e["stage"] == "RequestReceived");
        // Nothing else matched a rule: the namespace create has no event.
        Assert.DoesNotContain(events, e => Ref(e, "resource") == "namespaces");
    }

    // validating/dispatcher.go: the Audit action's validation_failure annotation and auditAnnotations as POLICY/KEY.
    [Fact]
    public async Task AValidatingAdmissionPolicy_AnnotatesTheAuditEvent()
    {
        await Server.Http.CreateAsync("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", """
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"small-configmaps"},
             "spec":{"matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE"],"resources":["configmaps"]}]},
              "validations":[{"expression":"true"},{"expression":"!has(object.data) || object.data.size() <= 1","message":"at most one key"}],
              "auditAnnotations":[{"key":"keys","valueExpression":"string(has(object.data) ? object.data.size() : 0)"},{"key":"never","valueExpression":"null"}]}}
            """);
        await Server.Http.CreateAsync("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings", """
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"small-configmaps-audit"},
             "spec":{"policyName":"small-configmaps","validationActions":["Audit"]}}
            """);

        // Audit refuses nothing, so the policy's arrival shows only in the log: a fresh ConfigMap per poll.
        var attempt = 0;
        var annotated = await Eventually.Get(async () =>
        {
            var name = $"big-{attempt++}";
            await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps",
                $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"a":"1","b":"2"}}""");
            return (await ReadAsync()).FirstOrDefault(e => Ref(e, "resource") == "configmaps" && (string?)e["verb"] == "create" && e["annotations"]?["small-configmaps/keys"] is not null);
        }, e => e is not null, TimeSpan.FromSeconds(20), "an annotated ConfigMap create");

        var annotations = annotated!["annotations"]!;
        Assert.Equal("2", (string?)annotations["small-configmaps/keys"]);
        Assert.Null(annotations["small-configmaps/never"]);
        var expected = """[{"message":"at most one key","policy":"small-configmaps","binding":"small-configmaps-audit","expressionIndex":1,"validationActions":["Audit"]}]""";
        Assert.Equal(expected, (string?)annotations["validation.policy.admission.k8s.io/validation_failure"]);
        Assert.Equal(201, (int?)annotated["responseStatus"]!["code"]);
    }

    // k8s.io/pod-security-admission admission.go: the enforced level on every evaluated pod, and what audit would refuse.
    [Fact]
    public async Task PodSecurity_AnnotatesThePolicyItEnforced_AndTheAuditLevelsViolations()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"psa","labels":{"pod-security.kubernetes.io/enforce":"baseline","pod-security.kubernetes.io/audit":"restricted"}}}
            """);
        const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"plain"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}""";
        await Server.Http.CreateAsync("/api/v1/namespaces/psa/pods", Pod);
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", Pod);

        var events = await Eventually.Get(ReadAsync, e => e.Count(x => Ref(x, "resource") == "pods") == 2, TimeSpan.FromSeconds(20), "both pod creates audited");

        var labelled = events.Single(e => Ref(e, "resource") == "pods" && Ref(e, "namespace") == "psa")["annotations"]!;
        Assert.Equal("baseline:latest", (string?)labelled["pod-security.kubernetes.io/enforce-policy"]);
        Assert.StartsWith("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false)",
            (string?)labelled["pod-security.kubernetes.io/audit-violations"]);
        var unlabelled = events.Single(e => Ref(e, "resource") == "pods" && Ref(e, "namespace") == "default")["annotations"]!;
        Assert.Equal("privileged:latest", (string?)unlabelled["pod-security.kubernetes.io/enforce-policy"]);
        Assert.Null(unlabelled["pod-security.kubernetes.io/audit-violations"]);
    }

    private static string? Ref(JsonNode e, string field) => AuditLogFile.Ref(e, field);
}
