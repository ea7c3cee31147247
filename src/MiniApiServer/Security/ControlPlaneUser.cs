using System.Collections.Concurrent;
using MiniApiServer.Security.Rbac;

namespace MiniApiServer.Security;

/// <summary>
/// The user an in-process writer would be over HTTP, from the name it writes as: a controller's service account
/// (kube-controller-manager --use-service-account-credentials), a kubelet's node identity, the scheduler, or the
/// apiserver's own loopback client. Groups are what their credentials authenticate to upstream; the service account's
/// uid and the token's credential-id extra are not known here and left out.
/// </summary>
public static class ControlPlaneUser
{
    private const string NodePrefix = "system:node:";

    // The controllers' few users are kept; node names come and go with the fleet, so those are resolved each time.
    private static readonly ConcurrentDictionary<string, UserInfo> Users = new(StringComparer.Ordinal);

    public static UserInfo For(string name) => name.StartsWith(NodePrefix, StringComparison.Ordinal) ? Resolve(name) : Users.GetOrAdd(name, Resolve);

    private static UserInfo Resolve(string name)
    {
        if (name.StartsWith(ServiceAccountUser.Prefix, StringComparison.Ordinal) && name[ServiceAccountUser.Prefix.Length..].Split(':') is [var ns, var sa])
        {
            return ServiceAccountUser.For(ns, sa, "");
        }
        if (name.StartsWith(NodePrefix, StringComparison.Ordinal))
        {
            // The kubelet's client certificate: O=system:nodes.
            return new UserInfo(name, "", ["system:nodes", UserInfo.AuthenticatedGroup]);
        }
        // pkg/server/config.go's loopback token user.
        return name == "system:apiserver"
            ? new UserInfo(name, "", [UserInfo.AuthenticatedGroup, UserInfo.MastersGroup])
            : new UserInfo(name, "", [UserInfo.AuthenticatedGroup]);
    }
}
