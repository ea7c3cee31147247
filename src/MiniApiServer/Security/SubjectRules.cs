using k8s.Models;

namespace MiniApiServer.Security;

/// <summary>What a user may do in a namespace (SelfSubjectRulesReview's status), with any errors met while resolving it.</summary>
public sealed record SubjectRules(IReadOnlyList<V1PolicyRule> Rules, IReadOnlyList<string> Errors)
{
    /// <summary>The answer of the AlwaysAllow and privileged-group authorizers: everything, resource and non-resource.</summary>
    public static IReadOnlyList<V1PolicyRule> Everything { get; } =
    [
        new() { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"] },
        new() { Verbs = ["*"], NonResourceURLs = ["*"] },
    ];
}
