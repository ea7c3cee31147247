using System.Text.Json.Nodes;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// Expressions as ValidatingAdmissionPolicies write them (the Kubernetes docs' reference/access-authn-authz/
/// validating-admission-policy examples), over the variables a policy evaluator passes: object, oldObject, params,
/// request, namespaceObject.
/// </summary>
public sealed class CelPolicyExpressionTests
{
    private static readonly JsonObject Deployment = JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"team-a","labels":{"app":"web"}},
         "spec":{"replicas":3,"template":{"spec":{"containers":[
           {"name":"app","image":"registry.example.com/web:1.0","resources":{"limits":{"memory":"512Mi","cpu":"500m"}}},
           {"name":"sidecar","image":"registry.example.com/proxy:2.1","resources":{"limits":{"memory":"2Gi","cpu":"1"}}}]}}}}
        """)!.AsObject();

    private static Dictionary<string, object?> Variables(string? objectJson = null, string? oldObjectJson = null, string? paramsJson = """{"maxReplicas":5}""") => new()
    {
        ["object"] = CelConvert.FromJson(objectJson is null ? Deployment.DeepClone() : JsonNode.Parse(objectJson)),
        ["oldObject"] = CelConvert.FromJson(oldObjectJson is null ? null : JsonNode.Parse(oldObjectJson)),
        ["params"] = CelConvert.FromJson(paramsJson is null ? null : JsonNode.Parse(paramsJson)),
        ["request"] = JsonNode.Parse("""{"operation":"CREATE","userInfo":{"username":"alice","groups":["system:authenticated"]},"namespace":"team-a"}""")!.AsObject(),
        ["namespaceObject"] = CelConvert.FromJson(JsonNode.Parse("""{"metadata":{"name":"team-a","labels":{"env":"prod"}}}""")),
    };

    [Theory]
    [InlineData("object.spec.replicas <= params.maxReplicas", true)]
    [InlineData("object.spec.replicas <= 2", false)]
    [InlineData("object.metadata.name.startsWith('prod-') || !has(object.metadata.labels) || !('env' in object.metadata.labels)", true)]
    [InlineData("object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))", true)]
    [InlineData("object.spec.template.spec.containers.exists(c, c.image.endsWith(':latest'))", false)]
    [InlineData("quantity(object.spec.template.spec.containers[0].resources.limits.memory).isLessThan(quantity('1Gi'))", true)]
    [InlineData("object.spec.template.spec.containers.all(c, quantity(c.resources.limits.memory).isLessThan(quantity('1Gi')))", false)]
    [InlineData("object.spec.template.spec.containers.map(c, quantity(c.resources.limits.cpu).asApproximateFloat()).sum() <= 2.0", true)]
    [InlineData("has(object.spec.replicas) && object.spec.replicas > 1", true)]
    [InlineData("!has(object.spec.paused) || object.spec.paused == false", true)]
    [InlineData("has(object.spec.paused) && object.spec.paused", false)]
    [InlineData("oldObject == null || object.spec.replicas >= oldObject.spec.replicas", true)]
    [InlineData("request.operation == 'CREATE' && 'system:authenticated' in request.userInfo.groups", true)]
    [InlineData("namespaceObject.metadata.labels['env'] == 'prod'", true)]
    [InlineData("object.metadata.namespace == request.namespace", true)]
    [InlineData("object.spec.template.spec.containers.map(c, c.name).join(',') == 'app,sidecar'", true)]
    [InlineData("size(object.spec.template.spec.containers.filter(c, c.name.matches('^side'))) == 1", true)]
    [InlineData("object.metadata.labels.all(k, k.size() <= 63 && object.metadata.labels[k].size() <= 63)", true)]
    [InlineData("object.spec.template.spec.containers.map(c, c.name).isSorted()", true)]
    [InlineData("type(object.spec.replicas) == int", true)]
    public void Evaluates(string expression, bool expected) =>
        Assert.Equal(expected, CelProgram.Compile(expression).Evaluate(Variables()));

    [Fact]
    public void BuildsAMessage() => Assert.Equal("replicas 3 exceeds 5",
        CelProgram.Compile("\"replicas \" + string(object.spec.replicas) + \" exceeds \" + string(params.maxReplicas)").Evaluate(Variables()));

    [Fact]
    public void AnUpdateComparesWithTheOldObject() =>
        Assert.Equal(false, CelProgram.Compile("object.spec.replicas >= oldObject.spec.replicas")
            .Evaluate(Variables(oldObjectJson: """{"spec":{"replicas":4}}""")));

    [Fact]
    public void ALabelTheRuleForbidsIsFound() => Assert.Equal(false,
        CelProgram.Compile("object.metadata.name.startsWith('prod-') || !has(object.metadata.labels) || !('env' in object.metadata.labels)")
            .Evaluate(Variables(objectJson: """{"metadata":{"name":"web","labels":{"env":"dev"}}}""")));

    [Fact]
    public void AbsentParamsAreNull() =>
        Assert.Equal(true, CelProgram.Compile("params == null || object.spec.replicas <= params.maxReplicas").Evaluate(Variables(paramsJson: null)));

    [Fact]
    public void AMissingFieldFailsUnlessGuarded()
    {
        Assert.Equal("no such key: paused",
            Assert.Throws<CelException>(() => CelProgram.Compile("object.spec.paused == false").Evaluate(Variables())).Message);
        Assert.Equal("no such key: annotations",
            Assert.Throws<CelException>(() => CelProgram.Compile("object.metadata.annotations['x'] == 'y'").Evaluate(Variables())).Message);
    }

    [Theory]
    [InlineData("3", 3L)]
    [InlineData("-3", -3L)]
    [InlineData("3.0", 3.0)]
    [InlineData("1e2", 100.0)]
    [InlineData("9223372036854775808", 9223372036854775808.0)]
    [InlineData("\"3\"", "3")]
    [InlineData("true", true)]
    [InlineData("null", null)]
    public void JsonScalarsBecomeCelValues(string json, object? expected) => Assert.Equal(expected, CelConvert.FromJson(JsonNode.Parse(json)));

    [Theory]
    [InlineData("['a', 1, 1.5, true, null, [2u]]", "[\"a\", 1, 1.5, true, null, [2u]]")]
    [InlineData("{'a': {'b': 'c'}}", "{\"a\": {\"b\": \"c\"}}")]
    [InlineData("'top level'", "top level")]
    [InlineData("object.metadata.labels", "{\"app\": \"web\"}")]
    [InlineData("int", "int")]
    public void FormatsAsCelWrites(string expression, string expected) =>
        Assert.Equal(expected, CelConvert.Format(CelProgram.Compile(expression).Evaluate(Variables())));
}
