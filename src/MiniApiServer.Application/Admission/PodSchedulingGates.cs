using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// A pod's scheduling gates as pkg/apis/core/validation/validation.go checks them: on every write
/// (validateSchedulingGates), and on update (ValidatePodUpdate: validateOnlyDeletedSchedulingGates and, while the pod is
/// gated, validateNodeSelectorMutation and validateNodeAffinityMutation).
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
            ObjectMetaValidation.QualifiedName(errors, (path, i), static at => $"{at.path}.schedulingGates[{at.i}]", name);
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
                errors.Invalid("spec.nodeSelector", selector is null ? new GoSyntax("map[string]string(nil)") : GoSyntax.Map(selector), "only additions to spec.nodeSelector are allowed (no mutations or deletions)");
                return;
            }
        }
    }

    /// <summary>
    /// validateNodeAffinityMutation, while the pod is gated: the required node selector terms keep their number, and each
    /// may only gain requirements (the rest of the node affinity may change freely, as upstream masks all of it).
    /// </summary>
    public static void ValidateNodeAffinityAdditions(V1NodeAffinity? affinity, V1NodeAffinity? oldAffinity, FieldErrors errors)
    {
        const string Terms = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
        var oldTerms = oldAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (oldTerms is not { Count: > 0 })
        {
            return;
        }
        var terms = affinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is null || terms.Count != oldTerms.Count)
        {
            errors.Invalid(Terms, new GoSyntax(TermsSyntax(terms)), "no additions/deletions to non-empty NodeSelectorTerms list are allowed");
            return;
        }
        for (var i = 0; i < oldTerms.Count; i++)
        {
            if (!HasOnlyAdditions(terms[i], oldTerms[i]))
            {
                errors.Invalid($"{Terms}[{i}]", new GoSyntax(TermSyntax(terms[i])), "only additions are allowed (no mutations or deletions)");
            }
        }
    }

    // validateNodeSelectorTermHasOnlyAdditions: a term that had no requirements gains none, and one that had some keeps
    // them, in order, ahead of the new ones (compared as Semantic.DeepEqual does: a missing list equals an empty one).
    private static bool HasOnlyAdditions(V1NodeSelectorTerm term, V1NodeSelectorTerm old)
    {
        var (expressions, fields) = (term.MatchExpressions ?? [], term.MatchFields ?? []);
        var (oldExpressions, oldFields) = (old.MatchExpressions ?? [], old.MatchFields ?? []);
        if (oldExpressions.Count == 0 && oldFields.Count == 0)
        {
            return expressions.Count == 0 && fields.Count == 0;
        }
        return KeepsPrefix(expressions, oldExpressions) && KeepsPrefix(fields, oldFields);
    }

    private static bool KeepsPrefix(IList<V1NodeSelectorRequirement> requirements, IList<V1NodeSelectorRequirement> old) =>
        requirements.Count >= old.Count && old.Select((r, i) => SameRequirement(requirements[i], r)).All(same => same);

    private static bool SameRequirement(V1NodeSelectorRequirement a, V1NodeSelectorRequirement b) =>
        (a.Key ?? "") == (b.Key ?? "") && (a.OperatorProperty ?? "") == (b.OperatorProperty ?? "")
        && (a.Values ?? []).SequenceEqual(b.Values ?? [], StringComparer.Ordinal);

    // %#v of the internal types ValidatePodUpdate compares (pkg/apis/core).
    private static string TermsSyntax(IList<V1NodeSelectorTerm>? terms) =>
        terms is null ? "[]core.NodeSelectorTerm(nil)" : "[]core.NodeSelectorTerm{" + string.Join(", ", terms.Select(TermSyntax)) + "}";

    private static string TermSyntax(V1NodeSelectorTerm term) =>
        $"core.NodeSelectorTerm{{MatchExpressions:{RequirementsSyntax(term.MatchExpressions)}, MatchFields:{RequirementsSyntax(term.MatchFields)}}}";

    private static string RequirementsSyntax(IList<V1NodeSelectorRequirement>? requirements) =>
        requirements is null
            ? "[]core.NodeSelectorRequirement(nil)"
            : "[]core.NodeSelectorRequirement{" + string.Join(", ", requirements.Select(RequirementSyntax)) + "}";

    private static string RequirementSyntax(V1NodeSelectorRequirement r) =>
        $"core.NodeSelectorRequirement{{Key:{GoSyntax.Quote(r.Key ?? "")}, Operator:{GoSyntax.Quote(r.OperatorProperty ?? "")}, Values:{(r.Values is null ? "[]string(nil)" : GoSyntax.Strings(r.Values).Text)}}}";
}
