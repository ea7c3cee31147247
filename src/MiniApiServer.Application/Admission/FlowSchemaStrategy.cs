using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.FlowControl;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/flowcontrol/flowschema/strategy.go with SetDefaults_FlowSchemaSpec (pkg/apis/flowcontrol/v1/defaults.go)
/// and ValidateFlowSchema/StatusUpdate (pkg/apis/flowcontrol/validation/validation.go, 1.32): a new schema starts with
/// an empty status at generation 1, a spec change bumps the generation, the status is written through /status only,
/// and the mandatory exempt and catch-all schemas keep their fixed spec.
/// </summary>
public sealed class FlowSchemaStrategy(ResourceType type) : TypedStrategy<V1FlowSchema>(type)
{
    private const int MaxMatchingPrecedence = 10000;
    private static readonly string[] DistinguisherMethods = ["ByNamespace", "ByUser"];

    protected override void PrepareForCreate(V1FlowSchema schema, DateTimeOffset now)
    {
        Default(schema);
        schema.Status = new V1FlowSchemaStatus();
        schema.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1FlowSchema schema, V1FlowSchema old, bool statusOnly)
    {
        Default(schema);
        schema.Metadata.Generation = Generation.AfterUpdate(old.Metadata, schema.Spec, old.Spec);
    }

    protected override void Validate(V1FlowSchema schema, FieldErrors errors)
    {
        var spec = schema.Spec ?? new V1FlowSchemaSpec();
        ValidateSpec(schema.Metadata.Name ?? "", spec, errors);
        if (FlowControlBootstrap.MandatoryFlowSchemaSpec(schema.Metadata.Name) is { } fixedSpec && !Semantic.DeepEqual(spec, fixedSpec))
        {
            errors.Invalid("spec", FlowControlGoSyntax.Spec(spec), $"spec of '{schema.Metadata.Name}' must equal the fixed value");
        }
        ValidateStatus(schema.Status, errors);
    }

    /// <summary>ValidateFlowSchemaStatusUpdate: the conditions alone (1.32 has no controllerSemVer).</summary>
    protected override void ValidateStatusUpdate(V1FlowSchema schema, V1FlowSchema old, FieldErrors errors) =>
        ValidateStatus(schema.Status, errors);

    private static void Default(V1FlowSchema schema)
    {
        var spec = schema.Spec ??= new V1FlowSchemaSpec();
        if (spec.MatchingPrecedence is null or 0)
        {
            spec.MatchingPrecedence = 1000;
        }
        spec.PriorityLevelConfiguration ??= new V1PriorityLevelConfigurationReference();
    }

    private static void ValidateSpec(string name, V1FlowSchemaSpec spec, FieldErrors errors)
    {
        var precedence = spec.MatchingPrecedence ?? 0;
        if (precedence <= 0)
        {
            errors.Invalid("spec.matchingPrecedence", precedence, "must be a positive value");
        }
        if (precedence > MaxMatchingPrecedence)
        {
            errors.Invalid("spec.matchingPrecedence", precedence, $"must not be greater than {MaxMatchingPrecedence}");
        }
        if (precedence == 1 && name != FlowControlBootstrap.Exempt)
        {
            errors.Invalid("spec.matchingPrecedence", precedence, "only the schema named 'exempt' may have matchingPrecedence 1");
        }
        if (spec.DistinguisherMethod is { } method && !DistinguisherMethods.Contains(method.Type))
        {
            errors.NotSupported("spec.distinguisherMethod.type", new GoSyntax($"flowcontrol.FlowDistinguisherMethod{{Type:{GoSyntax.Quote(method.Type ?? "")}}}"), DistinguisherMethods);
        }
        var level = spec.PriorityLevelConfiguration?.Name ?? "";
        if (level.Length == 0)
        {
            errors.Required("spec.priorityLevelConfiguration.name", "must reference a priority level");
        }
        else
        {
            foreach (var message in ObjectMetaValidation.SubdomainErrors(level))
            {
                errors.Invalid("spec.priorityLevelConfiguration.name", level, message);
            }
        }
        for (var i = 0; i < (spec.Rules?.Count ?? 0); i++)
        {
            FlowSchemaRules.Validate(spec.Rules![i], $"spec.rules[{i}]", errors);
        }
    }

    private static void ValidateStatus(V1FlowSchemaStatus? status, FieldErrors errors) =>
        FlowControlConditions.Validate(status?.Conditions?.Select(c => c.Type).ToList(), errors);
}
