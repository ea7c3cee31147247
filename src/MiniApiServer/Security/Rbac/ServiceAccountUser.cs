namespace MiniApiServer.Security.Rbac;

/// <summary>k8s.io/apiserver/pkg/authentication/serviceaccount: how a ServiceAccount appears as a user.</summary>
public static class ServiceAccountUser
{
    public const string Prefix = "system:serviceaccount:";
    public const string AllGroup = "system:serviceaccounts";

    public static string Name(string ns, string name) => $"{Prefix}{ns}:{name}";

    public static UserInfo For(string ns, string name, string uid) =>
        new(Name(ns, name), uid, [AllGroup, $"{AllGroup}:{ns}", UserInfo.AuthenticatedGroup]);
}
