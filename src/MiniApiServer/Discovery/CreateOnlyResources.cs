using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Discovery;

/// <summary>
/// What discovery advertises beyond the stored kinds: core/v1 bindings, the create-only review resources and
/// serviceaccounts/token, and the read-only componentstatuses, which have their own handlers and no storage, so they
/// are not in the kind catalog and name their verbs.
/// </summary>
public static class CreateOnlyResources
{
    public static readonly string[] Verbs = ["create"];

    public static IReadOnlyList<ResourceType> Types { get; } =
    [
        new("", "v1", "bindings", "binding", "Binding", true, typeof(V1Binding), [], [], [], Verbs: Verbs),
        new("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, typeof(V1SelfSubjectReview), [], [], [], Verbs: Verbs),
        new("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", false, typeof(V1TokenReview), [], [], [], Verbs: Verbs),
        new("authorization.k8s.io", "v1", "localsubjectaccessreviews", "localsubjectaccessreview", "LocalSubjectAccessReview", true, typeof(V1LocalSubjectAccessReview), [], [], [], Verbs: Verbs),
        new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, typeof(V1SelfSubjectAccessReview), [], [], [], Verbs: Verbs),
        new("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", false, typeof(V1SelfSubjectRulesReview), [], [], [], Verbs: Verbs),
        new("authorization.k8s.io", "v1", "subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", false, typeof(V1SubjectAccessReview), [], [], [], Verbs: Verbs),
    ];

    /// <summary>core/v1 componentstatuses (pkg/registry/core/componentstatus): get and list, computed on request.</summary>
    public static readonly ResourceType ComponentStatuses =
        new("", "v1", "componentstatuses", "componentstatus", "ComponentStatus", false, typeof(V1ComponentStatus), ["cs"], [], [], Verbs: ["get", "list"]);

    /// <summary>The stored kinds, then the create-only ones and componentstatuses, each with the subresources discovery lists for it.</summary>
    public static IReadOnlyList<ResourceType> WithServed(IReadOnlyList<ResourceType> served) =>
        [.. served.Select(t => t.StorageKey == "serviceaccounts" ? t with { Subresources = [.. t.Subresources, "token"] } : t), .. Types, ComponentStatuses];

}
