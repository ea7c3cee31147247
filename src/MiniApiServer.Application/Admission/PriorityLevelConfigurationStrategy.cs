using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.FlowControl;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/flowcontrol/prioritylevelconfiguration/strategy.go with pkg/apis/flowcontrol/v1/defaults.go and
/// ValidatePriorityLevelConfiguration/StatusUpdate (pkg/apis/flowcontrol/validation/validation.go, 1.32, zero limited
/// shares allowed as since 1.30): generation and status as FlowSchemas have them, and the mandatory levels fixed
/// (exempt's spec.exempt excepted).
/// </summary>
public sealed class PriorityLevelConfigurationStrategy(ResourceType type) : TypedStrategy<V1PriorityLevelConfiguration>(type)
{
    private const string PreserveZeroShares = "flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares";
    private static readonly string[] Types = ["Exempt", "Limited"];

    protected override void PrepareForCreate(V1PriorityLevelConfiguration level, DateTimeOffset now)
    {
        Default(level.Spec);
        level.Status = new V1PriorityLevelConfigurationStatus();
        level.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1PriorityLevelConfiguration level, V1PriorityLevelConfiguration old, bool statusOnly)
    {
        Default(level.Spec);
        level.Metadata.Generation = Generation.AfterUpdate(old.Metadata, level.Spec, old.Spec);
    }

    protected override void Validate(V1PriorityLevelConfiguration level, FieldErrors errors)
    {
        var name = level.Metadata.Name ?? "";
        if (level.Metadata.Annotations?.ContainsKey(PreserveZeroShares) == true)
        {
            errors.Forbidden("metadata.annotations", $"annotation '{PreserveZeroShares}' is forbidden");
        }
        var spec = level.Spec ?? new V1PriorityLevelConfigurationSpec();
        ValidateSpec(name, spec, errors);
        ValidateIfMandatory(name, spec, errors);
        ValidateStatus(level.Status, errors);
    }

    protected override void ValidateStatusUpdate(V1PriorityLevelConfiguration level, V1PriorityLevelConfiguration old, FieldErrors errors) =>
        ValidateStatus(level.Status, errors);

    /// <summary>SetDefaults_ExemptPriorityLevelConfiguration, SetDefaults_LimitedPriorityLevelConfiguration and SetDefaults_QueuingConfiguration, on what is there.</summary>
    private static void Default(V1PriorityLevelConfigurationSpec? spec)
    {
        if (spec?.Exempt is { } exempt)
        {
            exempt.NominalConcurrencyShares ??= 0;
            exempt.LendablePercent ??= 0;
        }
        if (spec?.Limited is not { } limited)
        {
            return;
        }
        limited.NominalConcurrencyShares ??= 30;
        limited.LendablePercent ??= 0;
        limited.LimitResponse ??= new V1LimitResponse();
        if (limited.LimitResponse.Queuing is { } queuing)
        {
            queuing.HandSize = queuing.HandSize is null or 0 ? 8 : queuing.HandSize;
            queuing.Queues = queuing.Queues is null or 0 ? 64 : queuing.Queues;
            queuing.QueueLengthLimit = queuing.QueueLengthLimit is null or 0 ? 50 : queuing.QueueLengthLimit;
        }
    }

    private static void ValidateSpec(string name, V1PriorityLevelConfigurationSpec spec, FieldErrors errors)
    {
        if ((name == FlowControlBootstrap.Exempt) != (spec.Type == "Exempt"))
        {
            errors.Invalid("spec.type", spec.Type ?? "", "type must be 'Exempt' if and only if name is 'exempt'");
        }
        switch (spec.Type)
        {
            case "Exempt":
                if (spec.Limited is not null)
                {
                    errors.Forbidden("spec.limited", "must be nil if the type is not Limited");
                }
                if (spec.Exempt is { } exempt)
                {
                    NonNegative(exempt.NominalConcurrencyShares, "spec.exempt.nominalConcurrencyShares", "must be a non-negative integer", errors);
                    Percent(exempt.LendablePercent, "spec.exempt.lendablePercent", errors);
                }
                break;
            case "Limited":
                if (spec.Exempt is not null)
                {
                    errors.Forbidden("spec.exempt", "must be nil if the type is Limited");
                }
                if (spec.Limited is null)
                {
                    errors.Required("spec.limited", "must not be empty when type is Limited");
                }
                else
                {
                    ValidateLimited(spec.Limited, errors);
                }
                break;
            default:
                errors.NotSupported("spec.type", spec.Type ?? "", Types);
                break;
        }
    }

    private static void ValidateLimited(V1LimitedPriorityLevelConfiguration limited, FieldErrors errors)
    {
        NonNegative(limited.NominalConcurrencyShares ?? 0, "spec.limited.nominalConcurrencyShares", "must be a non-negative integer", errors);
        PriorityLevelQueuing.ValidateLimitResponse(limited.LimitResponse ?? new V1LimitResponse(), errors);
        Percent(limited.LendablePercent, "spec.limited.lendablePercent", errors);
        NonNegative(limited.BorrowingLimitPercent, "spec.limited.borrowingLimitPercent", "if specified, must be a non-negative integer", errors);
    }

    private static void NonNegative(int? value, string path, string message, FieldErrors errors)
    {
        if (value is < 0)
        {
            errors.Invalid(path, value.Value, message);
        }
    }

    private static void Percent(int? value, string path, FieldErrors errors)
    {
        if (value is < 0 or > 100)
        {
            errors.Invalid(path, value.Value, "must be between 0 and 100, inclusive");
        }
    }

    /// <summary>ValidateIfMandatoryPriorityLevelConfigurationObject: administrators may tune exempt's spec.exempt, nothing else.</summary>
    private static void ValidateIfMandatory(string name, V1PriorityLevelConfigurationSpec spec, FieldErrors errors)
    {
        if (FlowControlBootstrap.MandatoryPriorityLevelSpec(name) is not { } fixedSpec)
        {
            return;
        }
        if (name == FlowControlBootstrap.Exempt)
        {
            var compared = new V1PriorityLevelConfigurationSpec { Type = spec.Type, Limited = spec.Limited, Exempt = fixedSpec.Exempt };
            if (!Semantic.DeepEqual(fixedSpec, compared))
            {
                errors.Invalid("spec", FlowControlGoSyntax.Spec(spec), $"spec of '{name}' except the 'spec.exempt' field must equal the fixed value");
            }
            return;
        }
        if (!Semantic.DeepEqual(spec, fixedSpec))
        {
            errors.Invalid("spec", FlowControlGoSyntax.Spec(spec), $"spec of '{name}' must equal the fixed value");
        }
    }

    private static void ValidateStatus(V1PriorityLevelConfigurationStatus? status, FieldErrors errors) =>
        FlowControlConditions.Validate(status?.Conditions?.Select(c => c.Type).ToList(), errors);
}
