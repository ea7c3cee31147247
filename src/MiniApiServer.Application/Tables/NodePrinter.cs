using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printNode</c>, <c>findNodeRoles</c> and <c>getNode{Internal,External}IP</c>.</summary>
internal sealed class NodePrinter : RowPrinter
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";
    private const string AddressesDoc = "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses";

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Status", "string", "The status of the node"),
        new("Roles", "string", "The roles of the node"),
        TableColumn.AgeColumn(),
        new("Version", "string", "Kubelet Version reported by the node."),
        new("Internal-IP", "string", AddressesDoc, 1),
        new("External-IP", "string", AddressesDoc, 1),
        new("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
        new("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
        new("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var status = item.Obj("status");
        var nodeInfo = status.Obj("nodeInfo");
        var roles = string.Join(",", FindRoles(item.Obj("metadata").Obj("labels")));
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(Status(item)),
            Cell.Of(roles.Length == 0 ? "<none>" : roles),
            Cell.Of(AgeOf(item, now)),
            Cell.Of(nodeInfo.Str("kubeletVersion")),
            Cell.Of(Address(status, "InternalIP")),
            Cell.Of(Address(status, "ExternalIP")),
            Cell.Of(OrUnknown(nodeInfo.Str("osImage"))),
            Cell.Of(OrUnknown(nodeInfo.Str("kernelVersion"))),
            Cell.Of(OrUnknown(nodeInfo.Str("containerRuntimeVersion"))),
        ];
    }

    private static string Status(JsonElement node)
    {
        // Only the Ready condition is reported (NodeAllConditions); the last duplicate wins, as with upstream's map.
        var ready = node.Obj("status").Objects("conditions").LastOrNull(c => c.Str("type") == "Ready");
        var parts = new List<string> { ready is null ? "Unknown" : ready.Str("status") == "True" ? "Ready" : "NotReady" };
        if (node.Obj("spec").Bool("unschedulable"))
        {
            parts.Add("SchedulingDisabled");
        }

        return string.Join(",", parts);
    }

    private static IEnumerable<string> FindRoles(JsonElement? labels)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, labelValue) in labels.StringMap())
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length)
            {
                roles.Add(key[RolePrefix.Length..]);
            }
            else if (key == RoleLabel && labelValue.Length > 0)
            {
                roles.Add(labelValue);
            }
        }

        return roles;
    }

    private static string Address(JsonElement? status, string type) =>
        status.Objects("addresses").FirstOrNull(a => a.Str("type") == type)?.Str("address") ?? "<none>";

    private static string OrUnknown(string value) => value.Length == 0 ? "<unknown>" : value;
}
