using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/scheduling/priorityclass/strategy.go with pkg/apis/scheduling/validation: preemptionPolicy defaults
/// to PreemptLowerPriority, user classes stay at or below one billion and out of the "system-" names, and a
/// class's value and preemption policy never change (pods already carry them).
/// </summary>
public sealed class PriorityClassStrategy(ResourceType type) : TypedStrategy<V1PriorityClass>(type)
{
    public const int HighestUserDefinablePriority = 1_000_000_000;

    protected override void PrepareForCreate(V1PriorityClass obj, DateTimeOffset now) =>
        obj.PreemptionPolicy ??= SystemPriorityClasses.PreemptLowerPriority;

    protected override void PrepareForUpdate(V1PriorityClass obj, V1PriorityClass old, bool statusOnly) =>
        obj.PreemptionPolicy ??= SystemPriorityClasses.PreemptLowerPriority;

    protected override void Validate(V1PriorityClass obj, FieldErrors errors)
    {
        var name = obj.Metadata?.Name ?? "";
        if (SystemPriorityClasses.Value(name) is { } builtin)
        {
            if (obj.Value != builtin)
            {
                errors.Forbidden("metadata.name", $"priority class {name} is a system priority class with value {builtin}");
            }
        }
        else if (name.StartsWith("system-", StringComparison.Ordinal))
        {
            errors.Forbidden("metadata.name", "priority class names with 'system-' prefix are reserved");
        }
        else if (obj.Value > HighestUserDefinablePriority)
        {
            errors.Forbidden("value", $"maximum allowed value of a user defined priority is {HighestUserDefinablePriority}");
        }
        if (obj.PreemptionPolicy is not (SystemPriorityClasses.PreemptLowerPriority or "Never"))
        {
            errors.NotSupported("preemptionPolicy", obj.PreemptionPolicy, SystemPriorityClasses.PreemptLowerPriority, "Never");
        }
    }

    protected override void ValidateUpdate(V1PriorityClass obj, V1PriorityClass old, FieldErrors errors)
    {
        Validate(obj, errors);
        if (obj.Value != old.Value)
        {
            errors.Immutable("value", obj.Value);
        }
        if (obj.PreemptionPolicy != old.PreemptionPolicy)
        {
            errors.Immutable("preemptionPolicy", obj.PreemptionPolicy);
        }
    }
}
