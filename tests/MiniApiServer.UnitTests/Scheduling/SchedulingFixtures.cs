using k8s.Models;
using MiniApiServer.Controllers.Scheduling;

namespace MiniApiServer.UnitTests.Scheduling;

internal static class SchedulingFixtures
{
    public static V1Node Node(string name, string cpu = "4", string memory = "8Gi", string pods = "110",
        Dictionary<string, string>? labels = null, IList<V1Taint>? taints = null, bool unschedulable = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1NodeSpec { Taints = taints, Unschedulable = unschedulable ? true : null },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new(pods),
            },
        },
    };

    public static V1Pod Pod(string name = "p", string? cpu = null, string? memory = null, string? nodeName = null, int? hostPort = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }
        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }
        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = Guid.NewGuid().ToString() },
            Spec = new V1PodSpec
            {
                NodeName = nodeName,
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Image = "i",
                        Resources = new V1ResourceRequirements { Requests = requests },
                        Ports = hostPort is { } hp ? [new V1ContainerPort { ContainerPort = hp, HostPort = hp }] : null,
                    },
                ],
            },
        };
    }

    public static V1Pod WithRequiredTerms(this V1Pod pod, params V1NodeSelectorTerm[] terms)
    {
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = terms },
            },
        };
        return pod;
    }

    public static V1NodeSelectorTerm PinnedTo(string node) => new()
    {
        MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [node] }],
    };

    public static V1NodeSelectorTerm Expr(string key, string op, params string[] values) => new()
    {
        MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values }],
    };

    public static NodeInfo Info(V1Node node, params V1Pod[] pods) => new(node, pods);
}
