using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/node/runtimeclass/strategy.go with pkg/apis/node/validation/validation.go: a handler that is a DNS
/// label and never changes (nodes already run pods under it), an overhead validated as container limits are, and a
/// scheduling section whose node selector is labels and whose tolerations are a pod's.
/// </summary>
public sealed class RuntimeClassStrategy(ResourceType type) : TypedStrategy<V1RuntimeClass>(type)
{
    protected override void Validate(V1RuntimeClass runtimeClass, FieldErrors errors)
    {
        var handler = runtimeClass.Handler ?? "";
        if (ObjectMetaValidation.LabelNameError(handler) is { } handlerError)
        {
            errors.Invalid("handler", handler, handlerError);
        }
        if (runtimeClass.Overhead is { } overhead)
        {
            OverheadValidation.Validate(overhead.PodFixed, "overhead", errors);
        }
        if (runtimeClass.Scheduling is { } scheduling)
        {
            foreach (var (key, value) in scheduling.NodeSelector ?? new Dictionary<string, string>())
            {
                ObjectMetaValidation.ValidateLabel(key, value ?? "", errors, "scheduling.nodeSelector");
            }
            TolerationValidation.Validate(scheduling.Tolerations, "scheduling.tolerations", errors);
        }
    }

    /// <summary>ValidateRuntimeClassUpdate after ValidateRuntimeClass, as the strategy appends them.</summary>
    protected override void ValidateUpdate(V1RuntimeClass runtimeClass, V1RuntimeClass old, FieldErrors errors)
    {
        Validate(runtimeClass, errors);
        if (runtimeClass.Handler != old.Handler)
        {
            errors.Immutable("handler", runtimeClass.Handler ?? "");
        }
    }
}
