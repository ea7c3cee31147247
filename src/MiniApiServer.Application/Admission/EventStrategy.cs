using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// legacyValidateEvent (pkg/apis/core/validation/events.go), which every Event passes whichever API wrote it: an
/// old-style event (no eventTime) lives in its object's namespace, or "default" for a cluster-scoped object; a
/// new-style one names its reporter and action. The stricter events.k8s.io/v1 create rules are
/// <see cref="Kinds.EventsV1Conversion.ValidateCreate"/>.
/// </summary>
public sealed class EventStrategy(ResourceType type) : TypedStrategy<Corev1Event>(type)
{
    public const int ReportingInstanceLengthLimit = 128;
    public const int ActionLengthLimit = 128;
    public const int ReasonLengthLimit = 128;
    public const int NoteLengthLimit = 1024;

    protected override void Validate(Corev1Event obj, FieldErrors errors)
    {
        var ns = obj.Metadata?.NamespaceProperty ?? "";
        var involvedNs = obj.InvolvedObject?.NamespaceProperty ?? "";
        if (obj.EventTime is null)
        {
            if (involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs)
            {
                errors.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
            }
            return;
        }
        if (involvedNs.Length == 0 && ns is not ("default" or "kube-system"))
        {
            errors.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
        }
        var controller = obj.ReportingComponent ?? "";
        // Required and then, for an empty one too, every IsQualifiedName message: upstream runs both unconditionally.
        if (controller.Length == 0)
        {
            errors.Required("reportingController");
        }
        ObjectMetaValidation.QualifiedName(errors, "reportingController", controller);
        RequiredWithin(errors, "reportingInstance", obj.ReportingInstance, ReportingInstanceLengthLimit);
        RequiredWithin(errors, "action", obj.Action, ActionLengthLimit);
        RequiredWithin(errors, "reason", obj.Reason, ReasonLengthLimit);
        if ((obj.Message?.Length ?? 0) > NoteLengthLimit)
        {
            errors.Invalid("message", "", $"can have at most {NoteLengthLimit} characters");
        }
    }

    private static void RequiredWithin(FieldErrors errors, string field, string? value, int limit)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Required(field);
        }
        else if (value.Length > limit)
        {
            errors.Invalid(field, "", $"can have at most {limit} characters");
        }
    }
}
