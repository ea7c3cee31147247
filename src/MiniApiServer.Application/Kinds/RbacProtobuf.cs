using System.Text.Json.Nodes;
using MiniApiServer.Application.Serialization.Protobuf;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// The rbac.authorization.k8s.io/v1 kinds in k8s.io/api/rbac/v1 generated.proto numbering, as
/// `kubectl create role|clusterrole|rolebinding|clusterrolebinding` send them.
/// </summary>
public static class RbacProtobuf
{
    /// <summary>Role and ClusterRole: rules = 2, aggregationRule = 3 (ClusterRole only).</summary>
    public static JsonObject DecodeRole(ReadOnlySpan<byte> raw) => KubernetesProtobuf.ReadObject(raw, static (obj, field, ref r) =>
    {
        switch (field)
        {
            case 2:
                Add(obj, "rules", KubernetesProtobuf.ReadMessage(r.ReadBytes(), PolicyRule));
                return true;
            case 3:
                obj["aggregationRule"] = KubernetesProtobuf.ReadMessage(r.ReadBytes(), static (rule, f, ref ar) =>
                {
                    if (f != 1)
                    {
                        return false;
                    }
                    Add(rule, "clusterRoleSelectors", KubernetesProtobuf.ReadMessage(ar.ReadBytes(), LabelSelector));
                    return true;
                });
                return true;
            default:
                return false;
        }
    });

    /// <summary>RoleBinding and ClusterRoleBinding: subjects = 2, roleRef = 3.</summary>
    public static JsonObject DecodeBinding(ReadOnlySpan<byte> raw) => KubernetesProtobuf.ReadObject(raw, static (obj, field, ref r) =>
    {
        switch (field)
        {
            case 2:
                Add(obj, "subjects", KubernetesProtobuf.ReadMessage(r.ReadBytes(), static (s, f, ref sr) =>
                    KubernetesProtobuf.String(s, "kind", 1, f, ref sr) || KubernetesProtobuf.String(s, "apiGroup", 2, f, ref sr) || KubernetesProtobuf.String(s, "name", 3, f, ref sr) || KubernetesProtobuf.String(s, "namespace", 4, f, ref sr)));
                return true;
            case 3:
                obj["roleRef"] = KubernetesProtobuf.ReadMessage(r.ReadBytes(), static (s, f, ref sr) =>
                    KubernetesProtobuf.String(s, "apiGroup", 1, f, ref sr) || KubernetesProtobuf.String(s, "kind", 2, f, ref sr) || KubernetesProtobuf.String(s, "name", 3, f, ref sr));
                return true;
            default:
                return false;
        }
    });

    private static bool PolicyRule(JsonObject rule, int field, ref ProtoReader r)
    {
        var name = field switch
        {
            1 => "verbs",
            2 => "apiGroups",
            3 => "resources",
            4 => "resourceNames",
            5 => "nonResourceURLs",
            _ => null,
        };
        if (name is null)
        {
            return false;
        }
        KubernetesProtobuf.Append(rule, name, r.ReadString());
        return true;
    }

    private static bool LabelSelector(JsonObject selector, int field, ref ProtoReader r)
    {
        switch (field)
        {
            case 1:
                KubernetesProtobuf.MapEntry(selector, "matchLabels", r.ReadBytes(), bytes: false);
                return true;
            case 2:
                Add(selector, "matchExpressions", KubernetesProtobuf.ReadMessage(r.ReadBytes(), static (e, f, ref er) =>
                {
                    if (f == 3)
                    {
                        KubernetesProtobuf.Append(e, "values", er.ReadString());
                        return true;
                    }
                    return KubernetesProtobuf.String(e, "key", 1, f, ref er) || KubernetesProtobuf.String(e, "operator", 2, f, ref er);
                }));
                return true;
            default:
                return false;
        }
    }

    private static void Add(JsonObject target, string name, JsonObject item)
    {
        var list = target[name] as JsonArray ?? [];
        list.Add(item);
        target[name] = list;
    }
}
