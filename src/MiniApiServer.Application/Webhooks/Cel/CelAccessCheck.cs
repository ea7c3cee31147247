namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// What an authorizer library check asks (authorizer.AttributesRecord as k8s.io/apiserver/pkg/cel/library/authz.go
/// fills it): a non-resource path, or a resource with its group, subresource, namespace and name.
/// </summary>
public sealed record CelAccessCheck(string Verb, bool IsResourceRequest, string Path, string Group, string Resource, string Subresource, string Namespace, string Name);
