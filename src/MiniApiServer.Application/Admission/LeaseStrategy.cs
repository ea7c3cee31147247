using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/apis/coordination/validation ValidateLeaseSpec: a lease lasts a positive number of seconds and has not changed
/// hands a negative number of times. The alpha strategy and preferredHolder fields are dropped, as
/// pkg/registry/coordination/lease/strategy.go drops them while the CoordinatedLeaderElection gate is off (1.32's default).
/// </summary>
public sealed class LeaseStrategy(ResourceType type) : TypedStrategy<V1Lease>(type)
{
    protected override void PrepareForCreate(V1Lease obj, DateTimeOffset now) => DropDisabledFields(obj);

    protected override void PrepareForUpdate(V1Lease obj, V1Lease old, bool statusOnly) => DropDisabledFields(obj);

    protected override void Validate(V1Lease obj, FieldErrors errors)
    {
        if (obj.Spec?.LeaseDurationSeconds is <= 0 and var duration)
        {
            errors.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }
        if (obj.Spec?.LeaseTransitions is < 0 and var transitions)
        {
            errors.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0");
        }
    }

    private static void DropDisabledFields(V1Lease obj)
    {
        if (obj.Spec is { } spec)
        {
            spec.Strategy = null;
            spec.PreferredHolder = null;
        }
    }
}
