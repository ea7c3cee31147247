using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Disruption;

/// <summary>
/// getExpectedScale's controller finders: the scale of the controller behind a pod's ControllerRef. A DaemonSet
/// counts its desiredNumberScheduled (upstream reports DaemonSets as lacking a scale subresource; here a budget over
/// daemon pods works). A ReplicaSet owned by a Deployment counts the Deployment, as getPodDeployment does; any other
/// served kind with a scale subresource counts its spec.replicas, as getScaleController does.
/// </summary>
public sealed class ControllerScale(SharedInformers informers, ResourceService service)
{
    /// <summary>The sum of the scales of the controllers of <paramref name="pods"/>, and the pods that have none.</summary>
    public (int Expected, List<string> Unmanaged) Expected(IEnumerable<V1Pod> pods)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        var unmanaged = new List<string>();
        foreach (var pod in pods)
        {
            var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (owner is null)
            {
                unmanaged.Add(pod.Metadata.Name);
                continue;
            }
            if (scales.ContainsKey(owner.Uid))
            {
                continue;
            }
            var found = Find(owner, pod.Metadata.NamespaceProperty ?? "")
                ?? throw new ControllerScaleException($"found no controllers for pod \"{pod.Metadata.Name}\"");
            scales[found.Uid] = found.Scale;
        }
        return (scales.Values.Sum(), unmanaged);
    }

    private (string Uid, int Scale)? Find(V1OwnerReference owner, string ns)
    {
        var group = GroupOf(owner.ApiVersion);
        if (owner.Kind == "DaemonSet" && group == "apps")
        {
            var ds = informers.DaemonSets.Get(ns, owner.Name);
            return ds is not null && ds.Metadata.Uid == owner.Uid ? (ds.Metadata.Uid, ds.Status?.DesiredNumberScheduled ?? 0) : null;
        }
        if (owner.Kind == "ReplicaSet" && group is "apps" or "extensions" && Read("apps", "ReplicaSet", ns, owner.Name) is { } rs
            && Uid(rs) == owner.Uid && ControllerOf(rs) is { Kind: "Deployment" } deploymentRef
            && Read("apps", "Deployment", ns, deploymentRef.Name) is { } deployment && Uid(deployment) == deploymentRef.Uid)
        {
            return (deploymentRef.Uid, Replicas(deployment));
        }
        var type = service.Registry.Types.FirstOrDefault(t => t.Group == group && t.Kind == owner.Kind)
            ?? throw new ControllerScaleException($"no matches for kind \"{owner.Kind}\" in version \"{owner.ApiVersion}\"");
        if (!type.Subresources.Contains("scale"))
        {
            throw new ControllerScaleException($"{type.GroupResource} does not implement the scale subresource");
        }
        var obj = Read(type, ns, owner.Name);
        return obj is not null && Uid(obj) == owner.Uid ? (owner.Uid, Replicas(obj)) : null;
    }

    private JsonObject? Read(string group, string kind, string ns, string name) =>
        service.Registry.Types.FirstOrDefault(t => t.Group == group && t.Kind == kind) is { } type ? Read(type, ns, name) : null;

    private JsonObject? Read(ResourceType type, string ns, string name) =>
        service.TryGet(type, ns, name) is { } stored ? JsonNode.Parse(stored.Json) as JsonObject : null;

    private static string? Uid(JsonObject obj) => ObjectMeta.Str(ObjectMeta.Of(obj), "uid");

    /// <summary>The Scale's spec.replicas is the workload's; an unset one is the defaulted 1.</summary>
    private static int Replicas(JsonObject obj) =>
        (obj["spec"] as JsonObject)?["replicas"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;

    private static V1OwnerReference? ControllerOf(JsonObject obj) =>
        (ObjectMeta.Of(obj)["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .Where(o => o["controller"] is JsonValue c && c.TryGetValue<bool>(out var b) && b)
            .Select(o => new V1OwnerReference { Kind = ObjectMeta.Str(o, "kind") ?? "", Name = ObjectMeta.Str(o, "name") ?? "", Uid = ObjectMeta.Str(o, "uid") ?? "" })
            .FirstOrDefault();

    private static string GroupOf(string apiVersion) => apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
}
