using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// ValidateTolerations (pkg/apis/core/validation/validation.go), in its order, for a pod's tolerations and a
/// RuntimeClass's scheduling.tolerations alike.
/// </summary>
public static class TolerationValidation
{
    private static readonly string[] Operators = ["Equal", "Exists"];

    public static void Validate(IList<V1Toleration>? tolerations, string path, FieldErrors errors)
    {
        for (var i = 0; i < (tolerations?.Count ?? 0); i++)
        {
            var t = tolerations![i];
            // Paths are built only where reported: pods are validated on every write (docs/benchmarks.md, session 19).
            string At() => $"{path}[{i}]";
            if (!string.IsNullOrEmpty(t.Key))
            {
                ObjectMetaValidation.QualifiedName(errors, (path, i), static s => $"{s.path}[{s.i}].key", t.Key);
            }
            if (string.IsNullOrEmpty(t.Key) && t.OperatorProperty != "Exists")
            {
                errors.Invalid($"{At()}.operator", t.OperatorProperty ?? "", "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            }
            if (t.TolerationSeconds is not null && t.Effect != "NoExecute")
            {
                errors.Invalid($"{At()}.effect", t.Effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set");
            }
            switch (t.OperatorProperty)
            {
                case null or "" or "Equal":
                    if (ObjectMetaValidation.LabelValueError(t.Value ?? "") is { } valueError)
                    {
                        errors.Invalid($"{At()}.operator", t.Value, valueError);
                    }
                    break;
                case "Exists":
                    if (!string.IsNullOrEmpty(t.Value))
                    {
                        errors.Invalid($"{At()}.operator", t.Value, "value must be empty when `operator` is 'Exists'");
                    }
                    break;
                default:
                    errors.NotSupported($"{At()}.operator", t.OperatorProperty, Operators);
                    break;
            }
            if (!string.IsNullOrEmpty(t.Effect) && !PodSpecValidation.TaintEffects.Contains(t.Effect))
            {
                errors.NotSupported($"{At()}.effect", t.Effect, PodSpecValidation.TaintEffects);
            }
        }
    }
}
