namespace MiniApiServer.Security;

/// <summary>What a request wants to do (k8s.io/apiserver/pkg/authorization/authorizer.Attributes).</summary>
public sealed record AuthorizationAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string Path,
    string ApiGroup = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "");
