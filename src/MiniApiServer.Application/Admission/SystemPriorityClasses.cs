using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Admission;

/// <summary>The PriorityClasses every cluster has (pkg/apis/scheduling SystemPriorityClasses, created at start by the scheduling API's post-start hook).</summary>
public static class SystemPriorityClasses
{
    public const string PreemptLowerPriority = "PreemptLowerPriority";

    private static readonly (string Name, int Value, string Description)[] Builtins =
    [
        ("system-node-critical", 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
        ("system-cluster-critical", 2_000_000_000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
    ];

    public static int? Value(string name) => Builtins.Where(b => b.Name == name).Select(b => (int?)b.Value).FirstOrDefault();

    public static IEnumerable<JsonObject> Objects() => Builtins.Select(b => new JsonObject
    {
        ["apiVersion"] = "scheduling.k8s.io/v1",
        ["kind"] = "PriorityClass",
        ["metadata"] = new JsonObject { ["name"] = b.Name },
        ["value"] = b.Value,
        ["description"] = b.Description,
    });
}
