using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.UnitTests.Webhooks;

/// <summary>
/// validation.go validateMatchConditions: each expression compiled at create; on update, one the old object already
/// stored is not compiled again (preexistingExpressions), so a configuration stored before the check stays updatable.
/// </summary>
public sealed class MatchConditionValidationTests
{
    private static WebhookValidation.Webhook Hook(params string[] expressions) => new("check.example.com", [], "Fail", "Equivalent", "None", 10, null, null, null,
        new Admissionregistrationv1WebhookClientConfig { Url = "https://hooks.example.com/check" },
        [.. expressions.Select((e, i) => new V1MatchCondition { Name = $"c{i}", Expression = e })], ["v1"]);

    private static IReadOnlyList<StatusCause> Errors(WebhookValidation.Options options, params string[] expressions)
    {
        var errors = new FieldErrors();
        WebhookValidation.Validate([Hook(expressions)], options, errors);
        return errors.Causes;
    }

    [Fact]
    public void ANewExpressionThatDoesNotCompile_IsInvalid()
    {
        var cause = Errors(WebhookValidation.Options.Create, "true", "request.name.startsWith(").Single();

        Assert.Equal(("FieldValueInvalid", "webhooks[0].matchConditions[1].expression"), (cause.Reason, cause.Field));
        Assert.StartsWith("Invalid value: \"request.name.startsWith(\": compilation failed: ", cause.Message);
    }

    /// <summary>
    /// cel-go's checker: a webhook's matchConditions declare object, oldObject, request and authorizer only, so params
    /// (a policy's) or self (a CRD rule's) is a compile error; comprehension variables and type names are declared.
    /// </summary>
    [Fact]
    public void AnUndeclaredName_IsInvalid_ButComprehensionVariablesAndTypesAreNot()
    {
        var causes = Errors(WebhookValidation.Options.Create, "params.x == 1", "self == null", "object.metadata.name.size() > 0 && [1, 2].all(n, type(n) == int)", "has(oldObject.spec) || authorizer.path('/x').check('get').allowed()");

        Assert.Equal(["webhooks[0].matchConditions[0].expression", "webhooks[0].matchConditions[1].expression"], causes.Select(c => c.Field));
        Assert.Equal("Invalid value: \"params.x == 1\": compilation failed: undeclared reference to 'params' (in container '')", causes[0].Message);
    }

    [Fact]
    public void AnUpdate_KeepsAStoredExpression_ButCompilesAChangedOne()
    {
        var old = WebhookValidation.Options.ForUpdate([Hook("request.name.startsWith(")]);

        Assert.Empty(Errors(old, "request.name.startsWith("));
        Assert.Equal("webhooks[0].matchConditions[1].expression", Errors(old, "request.name.startsWith(", "object.x ==").Single().Field);
    }
}
