namespace MiniApiServer.Security;

/// <summary>
/// One thing a request asks to act as (filters/impersonation.go buildImpersonationRequests): a user, a ServiceAccount, a
/// group, a user-extra value or a UID, as the ObjectReference upstream authorizes the "impersonate" verb on.
/// </summary>
public sealed record ImpersonationRequest(string Kind, string Namespace, string Name, string ApiVersion = "", string FieldPath = "")
{
    /// <summary>The ObjectReference struct as Go's %v prints it: its seven fields in order, blank ones included.</summary>
    public override string ToString() => $"{{{Kind} {Namespace} {Name}  {ApiVersion}  {FieldPath}}}";

    /// <summary>authorization attributes for the "impersonate" verb on this request.</summary>
    public AuthorizationAttributes Attributes(UserInfo requestor, string path) => Kind switch
    {
        "ServiceAccount" => new(requestor, "impersonate", true, path, "", "serviceaccounts", "", Namespace, Name),
        "User" => new(requestor, "impersonate", true, path, "", "users", "", "", Name),
        "Group" => new(requestor, "impersonate", true, path, "", "groups", "", "", Name),
        "UserExtra" => new(requestor, "impersonate", true, path, "authentication.k8s.io", "userextras", FieldPath, "", Name),
        _ => new(requestor, "impersonate", true, path, "authentication.k8s.io", "uids", "", "", Name),
    };
}
