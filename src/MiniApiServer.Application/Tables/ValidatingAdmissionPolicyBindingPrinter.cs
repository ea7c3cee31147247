using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Mirrors printers.go <c>printValidatingAdmissionPolicyBinding</c>: the policy and the param reference, "namespace/name",
/// "*/name" when no namespace is named, or the selector as the generated <c>LabelSelector.String()</c> prints it.
/// </summary>
internal sealed class ValidatingAdmissionPolicyBindingPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("PolicyName", "string", "PolicyName indicates the policy definition which the policy binding binded to"),
        new("ParamRef", "string", "ParamRef indicates the param resource which sets the configration param"),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.TryGetProperty("spec", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var policy = spec.ValueKind == JsonValueKind.Object ? spec.Str("policyName") : "";
        var paramRef = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("paramRef", out var p) && p.ValueKind == JsonValueKind.Object ? ParamRef(p) : "<unset>";
        return [Cell.Of(Name(item)), Cell.Of(policy), Cell.Of(paramRef), Cell.Of(AgeOf(item, now))];
    }

    private static string ParamRef(JsonElement paramRef)
    {
        var name = paramRef.Str("name");
        if (!string.IsNullOrEmpty(name))
        {
            var ns = paramRef.Str("namespace");
            return string.IsNullOrEmpty(ns) ? "*/" + name : $"{ns}/{name}";
        }
        return paramRef.TryGetProperty("selector", out var selector) && selector.ValueKind == JsonValueKind.Object ? GoString(selector) : "<unset>";
    }

    /// <summary>gogo-protobuf's generated String() of a *metav1.LabelSelector, which is what %s of the pointer prints.</summary>
    private static string GoString(JsonElement selector)
    {
        var text = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        foreach (var (key, value) in ((JsonElement?)selector).Obj("matchLabels").StringMap().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append(": ").Append(value).Append(',');
        }
        text.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        if (selector.TryGetProperty("matchExpressions", out var expressions) && expressions.ValueKind == JsonValueKind.Array)
        {
            foreach (var requirement in expressions.EnumerateArray())
            {
                var values = requirement.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Array
                    ? v.EnumerateArray().Select(x => x.GetString() ?? "")
                    : [];
                text.Append("LabelSelectorRequirement{Key:").Append(requirement.Str("key")).Append(",Operator:").Append(requirement.Str("operator"))
                    .Append(",Values:[").Append(string.Join(' ', values)).Append("],},");
            }
        }
        return text.Append("},}").ToString();
    }
}
