using MiniApiServer.Application.Resources;

namespace MiniApiServer.Discovery;

/// <summary>What a subresource answers with and which verbs it takes, as upstream advertises it.</summary>
public sealed record SubresourceInfo(string Name, string Group, string Version, string Kind, string[] Verbs)
{
    public static SubresourceInfo For(ResourceType resource, string subresource) => subresource switch
    {
        "binding" => new(subresource, "", "v1", "Binding", ["create"]),
        "eviction" => new(subresource, "policy", "v1", "Eviction", ["create"]),
        "log" => new(subresource, "", "v1", "Pod", ["get"]),
        "exec" => new(subresource, "", "v1", "PodExecOptions", ["create", "get"]),
        "attach" => new(subresource, "", "v1", "PodAttachOptions", ["create", "get"]),
        "portforward" => new(subresource, "", "v1", "PodPortForwardOptions", ["create", "get"]),
        "token" => new(subresource, "authentication.k8s.io", "v1", "TokenRequest", ["create"]),
        "scale" => new(subresource, "autoscaling", "v1", "Scale", ["get", "patch", "update"]),
        "finalize" => new(subresource, resource.Group, resource.Version, resource.Kind, ["update"]),
        "status" or "ephemeralcontainers" or "approval" => new(subresource, resource.Group, resource.Version, resource.Kind, ["get", "patch", "update"]),
        _ => new(subresource, resource.Group, resource.Version, resource.Kind, ["get"]),
    };
}
