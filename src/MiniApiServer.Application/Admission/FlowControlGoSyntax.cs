using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// %#v of the internal flowcontrol specs, which the mandatory objects' "must equal the fixed value" errors print. Go
/// prints a set pointer as its address; a fixed one stands in for it here.
/// </summary>
internal static class FlowControlGoSyntax
{
    private const string Address = "0xc000000000";

    public static GoSyntax Spec(V1FlowSchemaSpec spec) => new(
        $"flowcontrol.FlowSchemaSpec{{PriorityLevelConfiguration:flowcontrol.PriorityLevelConfigurationReference{{Name:{GoSyntax.Quote(spec.PriorityLevelConfiguration?.Name ?? "")}}}, "
        + $"MatchingPrecedence:{spec.MatchingPrecedence ?? 0}, DistinguisherMethod:{Pointer("flowcontrol.FlowDistinguisherMethod", spec.DistinguisherMethod)}, "
        + $"Rules:{Slice("flowcontrol.PolicyRulesWithSubjects", spec.Rules, Rule)}}}");

    public static GoSyntax Spec(V1PriorityLevelConfigurationSpec spec) => new(
        $"flowcontrol.PriorityLevelConfigurationSpec{{Type:{GoSyntax.Quote(spec.Type ?? "")}, "
        + $"Limited:{Pointer("flowcontrol.LimitedPriorityLevelConfiguration", spec.Limited)}, Exempt:{Pointer("flowcontrol.ExemptPriorityLevelConfiguration", spec.Exempt)}}}");

    private static string Rule(V1PolicyRulesWithSubjects rule) =>
        $"flowcontrol.PolicyRulesWithSubjects{{Subjects:{Slice("flowcontrol.Subject", rule.Subjects, Subject)}, "
        + $"ResourceRules:{Slice("flowcontrol.ResourcePolicyRule", rule.ResourceRules, ResourceRule)}, "
        + $"NonResourceRules:{Slice("flowcontrol.NonResourcePolicyRule", rule.NonResourceRules, NonResourceRule)}}}";

    private static string Subject(Flowcontrolv1Subject subject) =>
        $"flowcontrol.Subject{{Kind:{GoSyntax.Quote(subject.Kind ?? "")}, User:{Pointer("flowcontrol.UserSubject", subject.User)}, "
        + $"Group:{Pointer("flowcontrol.GroupSubject", subject.Group)}, ServiceAccount:{Pointer("flowcontrol.ServiceAccountSubject", subject.ServiceAccount)}}}";

    private static string ResourceRule(V1ResourcePolicyRule rule) =>
        $"flowcontrol.ResourcePolicyRule{{Verbs:{Strings(rule.Verbs)}, APIGroups:{Strings(rule.ApiGroups)}, Resources:{Strings(rule.Resources)}, "
        + $"ClusterScope:{(rule.ClusterScope == true ? "true" : "false")}, Namespaces:{Strings(rule.Namespaces)}}}";

    private static string NonResourceRule(V1NonResourcePolicyRule rule) =>
        $"flowcontrol.NonResourcePolicyRule{{Verbs:{Strings(rule.Verbs)}, NonResourceURLs:{Strings(rule.NonResourceURLs)}}}";

    private static string Strings(IList<string>? values) => values is null ? "[]string(nil)" : GoSyntax.Strings(values).Text;

    private static string Slice<T>(string type, IList<T>? items, Func<T, string> print) =>
        items is null ? $"[]{type}(nil)" : $"[]{type}{{{string.Join(", ", items.Select(print))}}}";

    private static string Pointer(string type, object? value) => $"(*{type})({(value is null ? "nil" : Address)})";
}
