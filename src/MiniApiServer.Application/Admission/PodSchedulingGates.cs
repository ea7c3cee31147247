using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// A pod's scheduling gates as pkg/apis/core/validation/validation.go checks them: on every write
/// (validateSchedulingGates), and on update (ValidatePodUpdate: validateOnlyDeletedSchedulingGates and, while the pod is
/// gated, validateNodeSelectorMutation).
/// </summary>
public static class PodSchedulingGates
{
    /// <summary>validateSchedulingGates: each name a qualified name, none twice.</summary>
    public static void Validate(IList<V1PodSchedulingGate> gates, string path, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < gates.Count; i++)
        {
            var name = gates[i].Name ?? "";
            ObjectMetaValidation.QualifiedName(errors, $"{path}.schedulingGates[{i}]", name);
            if (!seen.Add(name))
            {
                errors.Duplicate($"{path}.schedulingGates[{i}]", name);
            }
        }
    }

    public static void ValidateOnlyDeleted(IList<V1PodSchedulingGate>? gates, IList<V1PodSchedulingGate>? oldGates, FieldErrors errors)
    {
        if (gates is not { Count: > 0 })
        {
            return;
        }
        var old = (oldGates ?? []).Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < gates.Count; i++)
        {
            if (!old.Contains(gates[i].Name))
            {
                errors.Forbidden($"spec.schedulingGates[{i}].name", $"only deletion is allowed, but found new scheduling gate '{gates[i].Name}'");
            }
        }
    }

    public static void ValidateNodeSelectorAdditions(IDictionary<string, string>? selector, IDictionary<string, string>? oldSelector, FieldErrors errors)
    {
        foreach (var (key, value) in oldSelector ?? new Dictionary<string, string>())
        {
            if (selector is null || !selector.TryGetValue(key, out var now) || now != value)
            {
                errors.Invalid("spec.nodeSelector", GoMap(selector), "only additions to spec.nodeSelector are allowed (no mutations or deletions)");
                return;
            }
        }
    }

    // field.Invalid prints a map with %#v, which sorts its keys.
    private static GoSyntax GoMap(IDictionary<string, string>? map) => new(
        map is null
            ? "map[string]string(nil)"
            : "map[string]string{" + string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}");

    /// <summary>A value already in Go syntax, which <see cref="FieldErrors.Invalid"/> prints as it is.</summary>
    private sealed record GoSyntax(string Text)
    {
        public override string ToString() => Text;
    }
}
