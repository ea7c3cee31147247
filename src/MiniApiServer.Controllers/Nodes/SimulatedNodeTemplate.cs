using k8s.Models;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>The Node a simulated kubelet registers (pkg/kubelet/kubelet_node_status.go initialNode), already Ready.</summary>
public static class SimulatedNodeTemplate
{
    public static string Name(int index) => $"node-{index}";

    /// <summary>The 1-based index of a <c>node-N</c> name, used to give it a predictable InternalIP.</summary>
    public static int? IndexOf(string name) =>
        name.StartsWith("node-", StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? i
            : null;

    public static V1Node Build(string name, string internalIp, DateTimeOffset now)
    {
        var node = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["beta.kubernetes.io/arch"] = "amd64",
                },
                Annotations = new Dictionary<string, string>
                {
                    [KwokNode.ManagedAnnotation] = KwokNode.ManagedValue,
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                },
            },
            Spec = new V1NodeSpec(),
        };
        KubeletNodeStatus.Apply(node, internalIp, now);
        return node;
    }
}
