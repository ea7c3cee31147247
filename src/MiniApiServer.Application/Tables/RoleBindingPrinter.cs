using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printRoleBinding</c> / <c>printClusterRoleBinding</c>; wide cells follow <c>rbac.SubjectsStrings</c>.</summary>
internal sealed class RoleBindingPrinter(bool cluster) : RowPrinter
{
    private const string RoleRefDoc = "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.";
    private const string ClusterRoleRefDoc = "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.";

    public override IReadOnlyList<TableColumn> Columns { get; } = BuildColumns(cluster ? "clusterRoleBinding" : "roleBinding", cluster ? ClusterRoleRefDoc : RoleRefDoc);

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var roleRef = item.Obj("roleRef");
        List<string> users = [], groups = [], serviceAccounts = [];
        foreach (var subject in item.Objects("subjects"))
        {
            switch (subject.Str("kind"))
            {
                case "ServiceAccount":
                    serviceAccounts.Add($"{subject.Str("namespace")}/{subject.Str("name")}");
                    break;
                case "User":
                    users.Add(subject.Str("name"));
                    break;
                case "Group":
                    groups.Add(subject.Str("name"));
                    break;
            }
        }

        return
        [
            Cell.Of(Name(item)),
            Cell.Of($"{roleRef.Str("kind")}/{roleRef.Str("name")}"),
            Cell.Of(AgeOf(item, now)),
            Cell.Of(string.Join(", ", users)),
            Cell.Of(string.Join(", ", groups)),
            Cell.Of(string.Join(", ", serviceAccounts)),
        ];
    }

    private static TableColumn[] BuildColumns(string bindingWord, string roleRefDoc) =>
    [
        TableColumn.NameColumn(),
        new("Role", "string", roleRefDoc),
        TableColumn.AgeColumn(),
        new("Users", "string", $"Users in the {bindingWord}", 1),
        new("Groups", "string", $"Groups in the {bindingWord}", 1),
        new("ServiceAccounts", "string", $"ServiceAccounts in the {bindingWord}", 1),
    ];
}
