using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.AdmissionPolicies;

/// <summary>
/// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies and their bindings over HTTP: the plugin's decisions
/// (admission/plugin/policy/validating/dispatcher.go and validator.go) as a client sees them, the messages and status
/// codes of upstream, params, actions, failure policies and the API's own validation.
/// </summary>
public sealed class ValidatingAdmissionPolicyTests : ServerTest
{
    private const string Policies = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies";
    private const string Bindings = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Policy(string name, string validations, string extra = "", string operations = "\"CREATE\",\"UPDATE\"", string resources = "\"deployments\"", string groups = "\"apps\"") => $$$"""
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"{{{name}}}"},
         "spec":{ {{{extra}}} "matchConstraints":{"resourceRules":[{"apiGroups":[{{{groups}}}],"apiVersions":["v1"],"operations":[{{{operations}}}],"resources":[{{{resources}}}]}]},
          "validations":[{{{validations}}}] } }
        """;

    private static string Binding(string name, string policy, string actions = "\"Deny\"", string extra = "") => $$$"""
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding","metadata":{"name":"{{{name}}}"},
         "spec":{ {{{extra}}} "policyName":"{{{policy}}}","validationActions":[{{{actions}}}] } }
        """;

    private static string Deployment(string name, int replicas, string labels = "{\"app\":\"web\"}") => $$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}","labels":{{{labels}}} },
         "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}] } } } }
        """;

    private Task<(HttpStatusCode Code, JsonObject Body)> CreateDeployment(string ns, string name, int replicas, string labels = "{\"app\":\"web\"}") =>
        Server.Http.SendJsonAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment(name, replicas, labels));

    private async Task NamespaceAsync(string name, string labels = "{}") =>
        await Server.Http.CreateAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}","labels":{{{labels}}} } }""");

    /// <summary>The policy takes effect for writes once this replica's cache holds both objects: the first refusal shows it.</summary>
    private async Task<JsonObject> RefusedAsync(Func<Task<(HttpStatusCode Code, JsonObject Body)>> write, HttpStatusCode code)
    {
        var (got, body) = await Eventually.Get(write, r => r.Code == code, TimeSpan.FromSeconds(20), $"a {(int)code} from the policy");
        Assert.Equal(code, got);
        return body;
    }

    [Fact]
    public async Task DocsExample_RefusesSixReplicasInTheTestNamespace_WithUpstreamsStatus_AndAdmitsElsewhere()
    {
        await NamespaceAsync("test", """{"environment":"test"}""");
        await NamespaceAsync("prod");
        await Server.Http.CreateAsync(Policies, Policy("demo-policy.example.com", """{"expression":"object.spec.replicas <= 5"}""", "\"failurePolicy\":\"Fail\","));
        await Server.Http.CreateAsync(Bindings, Binding("demo-binding-test.example.com", "demo-policy.example.com",
            extra: """ "matchResources":{"namespaceSelector":{"matchLabels":{"environment":"test"}}}, """));

        var status = await RefusedAsync(() => CreateDeployment("test", "nginx", 6), HttpStatusCode.UnprocessableEntity);

        const string Message = "deployments.apps \"nginx\" is forbidden: ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5";
        Assert.Equal(("Failure", "Invalid", 422, Message), (status.Str("status"), status.Str("reason"), (int?)status["code"], status.Str("message")));
        Assert.Equal(("nginx", "apps", "deployments"), (status.Str("details", "name"), status.Str("details", "group"), status.Str("details", "kind")));
        Assert.Equal(Message[(Message.IndexOf("ValidatingAdmissionPolicy", StringComparison.Ordinal))..], status["details"]!["causes"]![0].Str("message"));
        Assert.Equal(HttpStatusCode.Created, (await CreateDeployment("test", "small", 5)).Code);
        Assert.Equal(HttpStatusCode.Created, (await CreateDeployment("prod", "nginx", 6)).Code);
        // An update is checked too (the rule names UPDATE): scaling the admitted one past 5 is refused.
        var (scaled, _) = await Server.Http.SendJsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/test/deployments/small", """{"spec":{"replicas":7}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, scaled);
    }

    [KubectlFact]
    public async Task Kubectl_AppliesThePolicy_ListsItsColumns_AndShowsTheRefusal()
    {
        var manifest = Kubectl.WriteFile("policy.yaml", """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata:
              name: "demo-policy.example.com"
            spec:
              failurePolicy: Fail
              matchConstraints:
                resourceRules:
                - apiGroups:   ["apps"]
                  apiVersions: ["v1"]
                  operations:  ["CREATE", "UPDATE"]
                  resources:   ["deployments"]
              validations:
                - expression: "object.spec.replicas <= 5"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata:
              name: "demo-binding-test.example.com"
            spec:
              policyName: "demo-policy.example.com"
              validationActions: [Deny]
              paramRef:
                name: limits
                namespace: default
                parameterNotFoundAction: Allow
            """);
        Assert.Contains("validatingadmissionpolicy.admissionregistration.k8s.io/demo-policy.example.com created", await Kubectl.OkAsync("apply", "-f", manifest));

        var policies = await Kubectl.OkAsync("get", "validatingadmissionpolicies");
        Assert.Matches(@"^NAME\s+VALIDATIONS\s+PARAMKIND\s+AGE\n", policies);
        Assert.Matches(@"\ndemo-policy\.example\.com\s+1\s+<unset>\s+\d+s\n", policies);
        var bindings = await Kubectl.OkAsync("get", "validatingadmissionpolicybindings");
        Assert.Matches(@"^NAME\s+POLICYNAME\s+PARAMREF\s+AGE\n", bindings);
        Assert.Matches(@"\ndemo-binding-test\.example\.com\s+demo-policy\.example\.com\s+default/limits\s+\d+s\n", bindings);

        var deployment = Kubectl.WriteFile("deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx
            spec:
              replicas: 6
              selector:
                matchLabels: {app: nginx}
              template:
                metadata:
                  labels: {app: nginx}
                spec:
                  containers:
                  - name: nginx
                    image: nginx
            """);
        var (code, _, stderr) = await Eventually.Get(() => Kubectl.RunAsync("apply", "-f", deployment), r => r.ExitCode != 0, TimeSpan.FromSeconds(20), "kubectl apply refused");
        Assert.Equal(1, code);
        Assert.Contains("The deployments \"nginx\" is invalid: : ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5", stderr);
    }

    [Fact]
    public async Task Params_FromAConfigMap_WithAMessageExpression_AndParameterNotFoundAction()
    {
        await Server.Http.CreateAsync(Policies, Policy("replica-limit", """
            {"expression":"object.spec.replicas <= int(params.data.maxReplicas)","messageExpression":"'replicas ' + string(object.spec.replicas) + ' exceed the limit of ' + params.data.maxReplicas","reason":"Forbidden"}
            """, """ "paramKind":{"apiVersion":"v1","kind":"ConfigMap"}, """));
        await Server.Http.CreateAsync(Bindings, Binding("limit-by-namespace", "replica-limit",
            extra: """ "paramRef":{"name":"replica-limit","parameterNotFoundAction":"Deny"}, """));

        // No ConfigMap in the request's namespace yet: Deny is a configuration error the Fail policy refuses on.
        var missing = await RefusedAsync(() => CreateDeployment("default", "web", 3), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'replica-limit' with binding 'limit-by-namespace' denied request: "
            + "failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction", missing.Str("message"));

        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"replica-limit"},"data":{"maxReplicas":"3"}}""");
        var (admitted, _) = await Eventually.Get(() => CreateDeployment("default", "web", 3), r => r.Code == HttpStatusCode.Created, TimeSpan.FromSeconds(20), "admitted with the param");
        Assert.Equal(HttpStatusCode.Created, admitted);

        var over = await RefusedAsync(() => CreateDeployment("default", "big", 4), HttpStatusCode.Forbidden);
        Assert.Equal(("Forbidden", 403), (over.Str("reason"), (int?)over["code"]));
        Assert.EndsWith("denied request: replicas 4 exceed the limit of 3", over.Str("message"));
    }

    [Fact]
    public async Task Warn_AddsAWarningHeader_AndAdmits_WhileAnEvaluationError_FollowsTheFailurePolicy()
    {
        await Server.Http.CreateAsync(Policies, Policy("labels-required", """
            {"expression":"has(object.metadata.labels) && 'team' in object.metadata.labels","message":"every deployment names its team"}
            """));
        await Server.Http.CreateAsync(Bindings, Binding("labels-warn", "labels-required", "\"Warn\""));
        await Server.Http.CreateAsync(Policies, Policy("strict-field", """{"expression":"object.spec.paused == false"}""", operations: "\"CREATE\""));
        await Server.Http.CreateAsync(Bindings, Binding("strict-field", "strict-field"));

        // spec.paused is absent: the error is the Fail policy's refusal, in the filter's words.
        var error = await RefusedAsync(() => CreateDeployment("default", "web", 1), HttpStatusCode.UnprocessableEntity);
        Assert.EndsWith("ValidatingAdmissionPolicy 'strict-field' with binding 'strict-field' denied request: expression 'object.spec.paused == false' resulted in error: no such key: paused",
            error.Str("message"));

        await Server.Http.MergePatchAsync($"{Policies}/strict-field", """{"spec":{"failurePolicy":"Ignore"}}""");
        var response = await Eventually.Get(async () =>
        {
            using var content = new StringContent(Deployment("web", 1), Encoding.UTF8, "application/json");
            var r = await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/deployments", content);
            return (r.StatusCode, Warnings: r.Headers.TryGetValues("Warning", out var w) ? w.ToList() : []);
        }, r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(20), "admitted once the policy ignores failures");
        Assert.Equal(["299 - \"Validation failed for ValidatingAdmissionPolicy 'labels-required' with binding 'labels-warn': every deployment names its team\""], response.Warnings);
        // Every attempt warned (the policies run in name order, the warning's first); the refusal was an evaluation error's.
        var metrics = await Server.Http.GetStringAsync("/metrics");
        Assert.Matches("""apiserver_validating_admission_policy_check_total\{policy="labels-required",policy_binding="labels-warn",error_type="no_error",enforcement_action="warn"\} [1-9]""", metrics);
        Assert.Matches("""apiserver_validating_admission_policy_check_total\{policy="strict-field",policy_binding="strict-field",error_type="invalid_error",enforcement_action="deny"\} [1-9]""", metrics);
    }

    [Fact]
    public async Task MatchConditions_Variables_AndDeleteWithOldObject()
    {
        await Server.Http.CreateAsync(Policies, Policy("protect-configmaps", """
            {"expression":"!variables.isProtected","message":"protected ConfigMaps are not deleted"}
            """, """
            "matchConditions":[{"name":"not-kube-system","expression":"request.namespace != 'kube-system'"}],
            "variables":[{"name":"isProtected","expression":"has(oldObject.metadata.labels) && oldObject.metadata.labels.exists(k, k == 'protected')"}],
            """, operations: "\"DELETE\"", resources: "\"configmaps\"", groups: "\"\""));
        await Server.Http.CreateAsync(Bindings, Binding("protect-configmaps", "protect-configmaps"));
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keep","labels":{"protected":"yes"}}}""");
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"scratch"}}""");
        await Server.Http.CreateAsync("/api/v1/namespaces/kube-system/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"keep","labels":{"protected":"yes"}}}""");

        var refused = await RefusedAsync(() => Server.Http.SendJsonAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/keep"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("configmaps \"keep\" is forbidden: ValidatingAdmissionPolicy 'protect-configmaps' with binding 'protect-configmaps' denied request: protected ConfigMaps are not deleted",
            refused.Str("message"));
        Assert.NotNull(await Server.Http.GetJsonAsync("/api/v1/namespaces/default/configmaps/keep"));
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync("/api/v1/namespaces/default/configmaps/scratch"));
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync("/api/v1/namespaces/kube-system/configmaps/keep"));
    }

    [Fact]
    public async Task UnknownParamKind_IsThePolicysConfigurationError_AndAPolicyWithoutBinding_DoesNothing()
    {
        await Server.Http.CreateAsync(Policies, Policy("unbound", """{"expression":"false"}""", resources: "\"configmaps\"", groups: "\"\""));
        await Server.Http.CreateAsync(Policies, Policy("needs-crd", """{"expression":"true"}""", """ "paramKind":{"apiVersion":"rules.example.com/v1","kind":"ReplicaLimit"}, """,
            resources: "\"secrets\"", groups: "\"\""));
        await Server.Http.CreateAsync(Bindings, Binding("needs-crd", "needs-crd", extra: """ "paramRef":{"name":"x","parameterNotFoundAction":"Allow"}, """));

        var refused = await RefusedAsync(() => Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}"""), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("secrets \"s\" is forbidden: ValidatingAdmissionPolicy 'needs-crd' denied request: failed to configure policy: "
            + "failed to find resource referenced by paramKind: 'rules.example.com/v1, Kind=ReplicaLimit'", refused.Str("message"));
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""")).Code);
    }

    [Fact]
    public async Task TheApiValidatesPoliciesAndBindings_WithUpstreamsFieldPaths_AndDefaults()
    {
        var empty = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Policies,
            """{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"p"},"spec":{}}""");
        Assert.Equal("ValidatingAdmissionPolicy.admissionregistration.k8s.io \"p\" is invalid: [spec.matchConstraints: Required value, "
            + "spec.validations: Required value: validations or auditAnnotations must contain at least one item, "
            + "spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item]", empty);

        var badCel = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Policies, Policy("p", """{"expression":"object.spec.replicas <="}"""));
        Assert.StartsWith("ValidatingAdmissionPolicy.admissionregistration.k8s.io \"p\" is invalid: spec.validations[0].expression: Invalid value: \"object.spec.replicas <=\": compilation failed: ", badCel);
        // Checked as cel-go's checker does: a name the policy environment does not declare fails at create, not at each write.
        var undeclared = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Policies, Policy("p", """{"expression":"self.x == 1 && [1].all(i, i > 0)"}"""));
        Assert.Equal("ValidatingAdmissionPolicy.admissionregistration.k8s.io \"p\" is invalid: spec.validations[0].expression: Invalid value: \"self.x == 1 && [1].all(i, i > 0)\": compilation failed: undeclared reference to 'self' (in container '')", undeclared);

        var actions = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Bindings, Binding("b", "p", "\"Deny\",\"Warn\",\"Deny\""));
        Assert.Equal("ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io \"b\" is invalid: [spec.validationActions[2]: Duplicate value: \"Deny\", "
            + "spec.validationActions: Invalid value: []string{\"Deny\", \"Warn\", \"Deny\"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)]",
            actions);
        var paramRef = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Bindings, Binding("b", "p", extra: """ "paramRef":{}, """));
        Assert.Equal("ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io \"b\" is invalid: [spec.paramRef: Required value: one of name or selector must be specified, "
            + "spec.paramRef.parameterNotFoundAction: Required value]", paramRef);

        var created = await Server.Http.CreateAsync(Policies, Policy("p", """{"expression":"true"}"""));
        Assert.Equal(("Fail", "Equivalent", "*", 1L), (created.Str("spec", "failurePolicy"), created.Str("spec", "matchConstraints", "matchPolicy"),
            (string?)created["spec"]!["matchConstraints"]!["resourceRules"]![0]!["scope"], (long?)created["metadata"]!["generation"]));
        Assert.NotNull(created["spec"]!["matchConstraints"]!["namespaceSelector"]);
        var edited = await Server.Http.MergePatchAsync($"{Policies}/p", """{"spec":{"validations":[{"expression":"1 < 2"}]}}""");
        Assert.Equal(2L, (long?)edited["metadata"]!["generation"]);
        var labelled = await Server.Http.MergePatchAsync($"{Policies}/p", """{"metadata":{"labels":{"a":"b"}}}""");
        Assert.Equal(2L, (long?)labelled["metadata"]!["generation"]);
    }

    [Fact]
    public async Task NamespaceObject_IsUpstreamsCopy_AndARefusalNamesTheGeneratedName()
    {
        await NamespaceAsync("gold", """{"tier":"gold"}""");
        await NamespaceAsync("silver", """{"tier":"silver"}""");
        // cel.CreateNamespaceObject keeps labels but neither type meta nor managedFields, which every API-created namespace has.
        await Server.Http.CreateAsync(Policies, Policy("gold-only", """
            {"expression":"namespaceObject.metadata.labels.tier == 'gold' && !has(namespaceObject.metadata.managedFields) && !has(namespaceObject.kind)","message":"gold namespaces only"}
            """, operations: "\"CREATE\"", resources: "\"configmaps\"", groups: "\"\""));
        await Server.Http.CreateAsync(Bindings, Binding("gold-only", "gold-only"));
        Assert.NotNull((await Server.Http.GetJsonAsync("/api/v1/namespaces/silver"))!["metadata"]!["managedFields"]);

        var refused = await RefusedAsync(() => Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/silver/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"settings-"}}"""), HttpStatusCode.UnprocessableEntity);
        // Validating admission sees the generated name (rest.AdmissionToValidateObjectFunc), and so does the refusal.
        Assert.Matches("^configmaps \"settings-[a-z0-9]{5}\" is forbidden: ValidatingAdmissionPolicy 'gold-only' with binding 'gold-only' denied request: gold namespaces only$",
            refused.Str("message"));
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/gold/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"settings-"}}""")).Code);
    }

    [Fact]
    public async Task AllowWithoutAParam_Admits_WhileAWrongTypeAuditAnnotation_RefusesEvenUnderWarn()
    {
        await Server.Http.CreateAsync(Policies, Policy("needs-param", """{"expression":"false"}""", """ "paramKind":{"apiVersion":"v1","kind":"ConfigMap"}, """,
            resources: "\"secrets\"", groups: "\"\""));
        await Server.Http.CreateAsync(Bindings, Binding("needs-param", "needs-param", extra: """ "paramRef":{"name":"absent","parameterNotFoundAction":"Allow"}, """));
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}""")).Code);

        await Server.Http.CreateAsync(Policies, """
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"annotate"},
             "spec":{"matchConstraints":{"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE"],"resources":["configmaps"]}]},
              "auditAnnotations":[{"key":"size","valueExpression":"size(object.data)"}]}}
            """);
        await Server.Http.CreateAsync(Bindings, Binding("annotate", "annotate", "\"Warn\""));
        var refused = await RefusedAsync(() => Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"b"}}"""), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("configmaps \"c\" is forbidden: ValidatingAdmissionPolicy 'annotate' with binding 'annotate' denied request: "
            + "valueExpression 'size(object.data)' resulted in unsupported return type: int. Return type must be either string or null.", refused.Str("message"));
    }

    [Theory]
    [InlineData("1" + " ", "+ 1 ")]
    [InlineData("'\\x-1' == ''", "")]
    public async Task AnExpressionPastTheLimitsOrMalformed_IsA422AtCreate_NeverA500(string first, string link)
    {
        var expression = first + string.Concat(Enumerable.Repeat(link, link.Length == 0 ? 0 : 1_000)) + (link.Length == 0 ? "" : " > 0");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Policies, Policy("limits", $$"""{"expression":{{System.Text.Json.JsonSerializer.Serialize(expression)}}}"""));

        Assert.Contains("spec.validations[0].expression: Invalid value: ", message);
        Assert.Matches("compilation failed: Syntax error: (expression recursion limit exceeded: 250|invalid escape sequence)$", message);
    }

    [Fact]
    public async Task TheStatusController_ObservesEachGeneration()
    {
        await Server.Http.CreateAsync(Policies, Policy("observed", """{"expression":"true"}"""));
        var first = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Policies}/observed"), p => (long?)p?["status"]?["observedGeneration"] == 1,
            TimeSpan.FromSeconds(20), "observedGeneration 1");
        Assert.Equal("{}", first!["status"]!["typeChecking"]!.ToJsonString());

        await Server.Http.MergePatchAsync($"{Policies}/observed", """{"spec":{"validations":[{"expression":"1 < 2"}]}}""");
        await Eventually.Get(() => Server.Http.GetJsonAsync($"{Policies}/observed"), p => (long?)p?["status"]?["observedGeneration"] == 2,
            TimeSpan.FromSeconds(20), "observedGeneration 2");
    }

    // The cidr and url libraries on a Service and an Ingress-like annotation: what a network policy would check.
    [Fact]
    public async Task CidrAndUrlLibraries_CheckAServicesExternalIPsAndAnAnnotation()
    {
        await Server.Http.CreateAsync(Policies, Policy("no-internal-external-ips.example.com",
            """{"expression":"!has(object.spec.externalIPs) || object.spec.externalIPs.all(a, isIP(a) && !cidr('10.0.0.0/8').containsIP(a))","message":"externalIPs may not be in 10.0.0.0/8"},"""
            + """{"expression":"!has(object.metadata.annotations) || !('docs' in object.metadata.annotations) || url(object.metadata.annotations.docs).getScheme() == 'https'","message":"docs must be an https URL"}""",
            resources: "\"services\"", groups: "\"\"", operations: "\"CREATE\""));
        await Server.Http.CreateAsync(Bindings, Binding("no-internal-external-ips-binding.example.com", "no-internal-external-ips.example.com"));
        static string Service(string name, string externalIP, string docs) => $$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","annotations":{"docs":"{{{docs}}}"}},
             "spec":{"ports":[{"port":80}],"externalIPs":["{{{externalIP}}}"]}}
            """;

        var inside = await RefusedAsync(() => Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("inside", "10.1.2.3", "https://docs.example.com/")),
            HttpStatusCode.UnprocessableEntity);
        Assert.EndsWith("denied request: externalIPs may not be in 10.0.0.0/8", inside.Str("message"));
        var (plain, plainBody) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("plain", "192.0.2.10", "http://docs.example.com/"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain);
        Assert.EndsWith("denied request: docs must be an https URL", plainBody.Str("message"));
        // A docs value that is no URL at all is an evaluation error, which failurePolicy Fail (the default) refuses.
        var (broken, brokenBody) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("broken", "192.0.2.11", "../relative"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken);
        Assert.Contains("URL parse error during conversion from string: parse \"../relative\": invalid URI for request", brokenBody.Str("message"));
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/services", Service("outside", "192.0.2.12", "https://docs.example.com/"))).Code);
    }
}
