using static MiniApiServer.UnitTests.FlowControl.FlowControlStrategyHarness;

namespace MiniApiServer.UnitTests.FlowControl;

/// <summary>
/// SetDefaults_FlowSchemaSpec (pkg/apis/flowcontrol/v1/defaults.go) and the FlowSchema cases of 1.32's
/// pkg/apis/flowcontrol/validation/validation_test.go (TestFlowSchemaValidation): precedence bounds, the exempt-only
/// precedence 1, distinguisher methods, subjects, resource and non-resource rules, the mandatory schemas' fixed spec,
/// and the status rules (TestFlowSchemaStatusValidation).
/// </summary>
public sealed class FlowSchemaStrategyTests
{
    private const string Rule = """{"subjects":[{"kind":"User","user":{"name":"alice"}}],"resourceRules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"],"namespaces":["default"]}]}""";

    private static string Schema(string name, string spec) => "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec + "}}";

    [Fact]
    public void MatchingPrecedence_DefaultsTo1000_AndANewSchemaIsAtGenerationOne_WithAnEmptyStatus()
    {
        var (schema, causes) = Create("flowschemas", Schema("s", "\"priorityLevelConfiguration\":{\"name\":\"p\"}"));

        Assert.Empty(causes);
        Assert.Equal(1000, schema["spec"]!["matchingPrecedence"]!.GetValue<int>());
        Assert.Equal(1, schema["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("{}", schema["status"]!.ToJsonString());
    }

    [Theory]
    [InlineData("\"matchingPrecedence\":-1", "spec.matchingPrecedence: Invalid value: -1: must be a positive value")]
    [InlineData("\"matchingPrecedence\":10001", "spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000")]
    [InlineData("\"matchingPrecedence\":1", "spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1")]
    [InlineData("\"distinguisherMethod\":{\"type\":\"ByGroup\"}", "spec.distinguisherMethod.type: Unsupported value: flowcontrol.FlowDistinguisherMethod{Type:\"ByGroup\"}: supported values: \"ByNamespace\", \"ByUser\"")]
    public void InvalidSpec_IsRefused_WithUpstreamsCause(string field, string cause)
    {
        var (_, causes) = Create("flowschemas", Schema("s", "\"priorityLevelConfiguration\":{\"name\":\"p\"}," + field));

        Assert.Equal([cause], causes);
    }

    [Fact]
    public void MissingPriorityLevel_IsRequired()
    {
        var (_, causes) = Create("flowschemas", Schema("s", "\"matchingPrecedence\":50"));

        Assert.Equal(["spec.priorityLevelConfiguration.name: Required value: must reference a priority level"], causes);
    }

    [Theory]
    [InlineData("""{"subjects":[],"resourceRules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"],"clusterScope":true}]}""",
        "spec.rules[0].subjects: Required value: subjects must contain at least one value")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}]}""",
        "spec.rules[0]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty")]
    [InlineData("""{"subjects":[{"kind":"Robot"}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""",
        "spec.rules[0].subjects[0].kind: Unsupported value: \"Robot\": supported values: \"Group\", \"ServiceAccount\", \"User\"")]
    [InlineData("""{"subjects":[{"kind":"User","group":{"name":"g"},"user":{"name":"u"}}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""",
        "spec.rules[0].subjects[0].group: Forbidden: group is forbidden when subject kind is not 'Group'")]
    [InlineData("""{"subjects":[{"kind":"ServiceAccount","serviceAccount":{"name":"*"}}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""",
        "spec.rules[0].subjects[0].serviceAccount.namespace: Required value: must specify namespace for service account")]
    [InlineData("""{"subjects":[{"kind":"Group"}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""",
        "spec.rules[0].subjects[0].group: Required value: group is required when subject kind is 'Group'")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}],"resourceRules":[{"verbs":["*","get"],"apiGroups":[""],"resources":["pods"],"clusterScope":true}]}""",
        "spec.rules[0].resourceRules[0].verbs: Invalid value: []string{\"*\", \"get\"}: if '*' is present, must not specify other verbs")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}],"resourceRules":[{"verbs":["fetch"],"apiGroups":[""],"resources":["pods"],"clusterScope":true}]}""",
        "spec.rules[0].resourceRules[0].verbs: Unsupported value: []string{\"fetch\"}: supported values: \"create\", \"delete\", \"deletecollection\", \"get\", \"list\", \"patch\", \"proxy\", \"update\", \"watch\"")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}],"resourceRules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]}""",
        "spec.rules[0].resourceRules[0].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}],"resourceRules":[{"verbs":["get"],"apiGroups":["*","apps"],"resources":["pods"],"clusterScope":true}]}""",
        "spec.rules[0].resourceRules[0].apiGroups: Invalid value: []string{\"*\", \"apps\"}: if '*' is present, must not specify other api groups")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}],"resourceRules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"],"namespaces":["Foo"]}]}""",
        "spec.rules[0].resourceRules[0].namespaces[0]: Invalid value: \"Foo\": each member of this list must be '*' or a DNS-1123 label; a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/apis/*/foo"]}]}""",
        "spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: \"/apis/*/foo\": wildcard can only do suffix matching")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["healthz"]}]}""",
        "spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: \"healthz\": must start with slash")]
    [InlineData("""{"subjects":[{"kind":"User","user":{"name":"a"}}],"nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["*","/healthz"]}]}""",
        "spec.rules[0].nonResourceRules[0].nonResourceURLs: Invalid value: []string{\"*\", \"/healthz\"}: if '*' is present, must not specify other non-resource URLs")]
    public void InvalidRule_IsRefused_WithUpstreamsCause(string rule, string cause)
    {
        var (_, causes) = Create("flowschemas", Schema("s", "\"priorityLevelConfiguration\":{\"name\":\"p\"},\"rules\":[" + rule + "]"));

        Assert.Equal([cause], causes);
    }

    [Fact]
    public void AValidRule_IsAccepted_AndASpecChangeBumpsTheGeneration()
    {
        var (old, created) = Create("flowschemas", Schema("s", "\"priorityLevelConfiguration\":{\"name\":\"p\"},\"rules\":[" + Rule + "]"));

        var (changed, causes) = Update("flowschemas", Schema("s", "\"priorityLevelConfiguration\":{\"name\":\"q\"},\"rules\":[" + Rule + "]"), old);

        Assert.Empty(created);
        Assert.Empty(causes);
        Assert.Equal(2, changed["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public void TheMandatoryExemptSchema_MustKeepItsFixedSpec()
    {
        var (_, causes) = Create("flowschemas", Schema("exempt", "\"priorityLevelConfiguration\":{\"name\":\"exempt\"},\"matchingPrecedence\":1"));

        var cause = Assert.Single(causes);
        Assert.StartsWith("spec: Invalid value: flowcontrol.FlowSchemaSpec{PriorityLevelConfiguration:flowcontrol.PriorityLevelConfigurationReference{Name:\"exempt\"}, MatchingPrecedence:1,", cause, StringComparison.Ordinal);
        Assert.EndsWith(": spec of 'exempt' must equal the fixed value", cause, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMandatoryCatchAllSchema_WithUpstreamsSpec_IsAccepted()
    {
        var (_, causes) = Create("flowschemas", Schema("catch-all", """
            "priorityLevelConfiguration":{"name":"catch-all"},"matchingPrecedence":10000,"distinguisherMethod":{"type":"ByUser"},
            "rules":[{"subjects":[{"kind":"Group","group":{"name":"system:unauthenticated"}},{"kind":"Group","group":{"name":"system:authenticated"}}],
              "resourceRules":[{"verbs":["*"],"apiGroups":["*"],"resources":["*"],"clusterScope":true,"namespaces":["*"]}],
              "nonResourceRules":[{"verbs":["*"],"nonResourceURLs":["*"]}]}]
            """));

        Assert.Empty(causes);
    }

    [Fact]
    public void Status_IsWrittenOnlyThroughStatus_AndItsConditionTypesAreUniqueAndSet()
    {
        var (old, _) = Create("flowschemas", Schema("s", "\"priorityLevelConfiguration\":{\"name\":\"p\"}"));
        const string Conditions = """{"metadata":{"name":"s"},"spec":{"priorityLevelConfiguration":{"name":"other"}},"status":{"conditions":[{"type":"Dangling","status":"True"},{"type":"Dangling","status":"False"},{"status":"True"}]}}""";

        var (main, _) = Update("flowschemas", """{"metadata":{"name":"s"},"spec":{"priorityLevelConfiguration":{"name":"p"}},"status":{"conditions":[{"type":"Dangling","status":"True"}]}}""", old);
        var (status, causes) = Update("flowschemas", Conditions, old, statusOnly: true);

        Assert.Equal("{}", main["status"]!.ToJsonString());
        Assert.Equal("p", status["spec"]!["priorityLevelConfiguration"]!["name"]!.GetValue<string>());
        Assert.Equal(["status.conditions[1].type: Duplicate value: \"Dangling\"", "status.conditions[2].type: Required value: must not be empty"], causes);
    }
}
