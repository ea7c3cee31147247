using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Policies;

namespace MiniApiServer.UnitTests.AdmissionPolicies;

/// <summary>
/// validating/validator.go's decisions for one policy, ported from its validator_test.go cases: a true expression
/// admits, anything else refuses with messageExpression, message or "failed expression: ..." in that order; an error
/// is the failure policy's to decide; match conditions skip the policy when one is false.
/// </summary>
public sealed class PolicyValidatorTests
{
    private static CompiledPolicy Compile(string failurePolicy = "Fail", IList<V1Validation>? validations = null, IList<V1MatchCondition>? conditions = null,
        IList<V1Variable>? variables = null) =>
        CompiledPolicy.Compile(new V1ValidatingAdmissionPolicy
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1ValidatingAdmissionPolicySpec { FailurePolicy = failurePolicy, Validations = validations, MatchConditions = conditions, Variables = variables },
        }, []);

    private static PolicyValidator.Input Input(string obj, string? param = null) =>
        new(new JsonObject { ["operation"] = "CREATE", ["namespace"] = "default" }, JsonNode.Parse(obj), null, param is null ? null : JsonNode.Parse(param), null);

    [Fact]
    public void TrueAdmits_FalseRefuses_WithTheReasonInvalidUnlessSet()
    {
        var policy = Compile(validations: [new V1Validation { Expression = "object.replicas <= 5" }, new V1Validation { Expression = "object.replicas <= 2", Reason = "Forbidden" }]);

        var decisions = PolicyValidator.Validate(policy, Input("""{"replicas":3}"""));

        // The refusal names its validation's index, for the Audit action's annotation.
        Assert.Equal([new PolicyDecision(false, false, ""), new PolicyDecision(true, false, "failed expression: object.replicas <= 2", "Forbidden") { ExpressionIndex = 1 }], decisions);
    }

    [Fact]
    public void AuditAnnotations_PublishStringValues_AndNotNull()
    {
        var withAnnotations = CompiledPolicy.Compile(new V1ValidatingAdmissionPolicy
        {
            Metadata = new V1ObjectMeta { Name = "annotated" },
            Spec = new V1ValidatingAdmissionPolicySpec
            {
                Validations = [new V1Validation { Expression = "true" }],
                AuditAnnotations = [new V1AuditAnnotation { Key = "replicas", ValueExpression = "'r' + string(object.replicas)" }, new V1AuditAnnotation { Key = "none", ValueExpression = "null" }],
            },
        }, []);
        var published = new List<(string Key, string Value)>();

        Assert.Equal([new PolicyDecision(false, false, "")], PolicyValidator.Validate(withAnnotations, Input("""{"replicas":3}"""), published));
        Assert.Equal([("replicas", "r3")], published);
    }

    [Theory]
    [InlineData("'too many: ' + string(object.replicas)", "fixed", "too many: 9")]
    [InlineData("'   '", "fixed", "fixed")]                       // blank after trimming: the message
    [InlineData("'two\\nlines'", "fixed", "fixed")]                 // a line break: the message
    [InlineData("object.missing", "fixed", "fixed")]                 // an error: the message
    [InlineData("42", "", "failed expression: object.replicas < 5")] // not a string, no message: the expression
    public void TheMessage_IsTheMessageExpressionsString_ElseTheMessage_ElseTheExpression(string messageExpression, string message, string expected)
    {
        var policy = Compile(validations: [new V1Validation { Expression = "object.replicas < 5", Message = message, MessageExpression = messageExpression }]);

        Assert.Equal(expected, Assert.Single(PolicyValidator.Validate(policy, Input("""{"replicas":9}"""))).Message);
    }

    [Theory]
    [InlineData("Fail", true)]
    [InlineData("Ignore", false)]
    public void AnEvaluationError_RefusesUnderFail_AndAdmitsUnderIgnore(string failurePolicy, bool deny)
    {
        var policy = Compile(failurePolicy, [new V1Validation { Expression = "object.spec.paused == false" }]);

        var decision = Assert.Single(PolicyValidator.Validate(policy, Input("""{"spec":{}}""")));

        Assert.Equal(new PolicyDecision(deny, true, "expression 'object.spec.paused == false' resulted in error: no such key: paused"), decision);
    }

    [Fact]
    public void AFalseMatchCondition_SkipsThePolicy_EvenWhenAnotherErrs()
    {
        var policy = Compile(validations: [new V1Validation { Expression = "false" }],
            conditions: [new V1MatchCondition { Expression = "object.nope", Name = "errs" }, new V1MatchCondition { Expression = "request.namespace == 'other'", Name = "not-here" }]);

        Assert.Empty(PolicyValidator.Validate(policy, Input("{}")));
    }

    [Fact]
    public void AMatchConditionError_WithTheRestTrue_IsTheFailurePolicys()
    {
        var policy = Compile(validations: [new V1Validation { Expression = "false" }],
            conditions: [new V1MatchCondition { Expression = "object.nope", Name = "errs" }, new V1MatchCondition { Expression = "true", Name = "yes" }, new V1MatchCondition { Expression = "object.gone", Name = "errs-too" }]);

        var decision = Assert.Single(PolicyValidator.Validate(policy, Input("{}")));

        Assert.Equal("[expression 'object.nope' resulted in error: no such key: nope, expression 'object.gone' resulted in error: no such key: gone]", decision.Message);
        Assert.True(decision.Deny && decision.EvaluationError);
    }

    [Fact]
    public void Variables_AreEvaluatedOnce_OnlyWhenRead_AndSeeParams()
    {
        var policy = Compile(
            validations: [new V1Validation { Expression = "variables.limit >= object.replicas" }, new V1Validation { Expression = "variables.limit > 0" }],
            variables: [new V1Variable { Expression = "int(params.data.max)", Name = "limit" }, new V1Variable { Expression = "object.never.read", Name = "unused" }]);

        var decisions = PolicyValidator.Validate(policy, Input("""{"replicas":4}""", """{"data":{"max":"3"}}"""));

        Assert.Equal([true, false], decisions.Select(d => d.Deny));
    }

    [Fact]
    public void AVariablesError_IsEachReadersError()
    {
        var policy = Compile(validations: [new V1Validation { Expression = "variables.broken == 1" }], variables: [new V1Variable { Expression = "object.absent", Name = "broken" }]);

        var decision = Assert.Single(PolicyValidator.Validate(policy, Input("{}")));

        Assert.Equal("expression 'variables.broken == 1' resulted in error: no such key: absent", decision.Message);
    }

    [Theory]
    [InlineData("Fail")]
    [InlineData("Ignore")]
    public void AnAuditAnnotationOfTheWrongType_RefusesWhateverTheFailurePolicy(string failurePolicy)
    {
        var policy = CompiledPolicy.Compile(new V1ValidatingAdmissionPolicy
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1ValidatingAdmissionPolicySpec { FailurePolicy = failurePolicy, AuditAnnotations = [new V1AuditAnnotation { Key = "k", ValueExpression = "object.replicas" }] },
        }, []);

        var decision = Assert.Single(PolicyValidator.Validate(policy, Input("""{"replicas":3}""")));

        Assert.Equal(new PolicyDecision(true, true, "valueExpression 'object.replicas' resulted in unsupported return type: int. Return type must be either string or null.",
            AuditAnnotation: true), decision);
    }

    [Theory]
    [InlineData("Fail", 1)]
    [InlineData("Ignore", 0)]
    public void AnAuditAnnotationThatFails_RefusesUnderFail_AndIsLeftOutUnderIgnore(string failurePolicy, int refusals)
    {
        var policy = CompiledPolicy.Compile(new V1ValidatingAdmissionPolicy
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1ValidatingAdmissionPolicySpec { FailurePolicy = failurePolicy, AuditAnnotations = [new V1AuditAnnotation { Key = "k", ValueExpression = "object.gone" }] },
        }, []);

        var decisions = PolicyValidator.Validate(policy, Input("{}"));

        Assert.Equal(refusals, decisions.Count(d => d.Deny && d.AuditAnnotation));
    }

    [Fact]
    public void AnExpressionThatDoesNotCompile_IsThePolicysConfigurationError()
    {
        var policy = Compile(validations: [new V1Validation { Expression = "object.replicas <=" }]);

        Assert.StartsWith("compilation failed: ", policy.ConfigurationError);
    }
}
