using System.Text.Json.Nodes;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Security;

namespace MiniApiServer.Pipeline.Audit;

/// <summary>
/// --audit-policy-file: an audit.k8s.io/v1 Policy (YAML or JSON). The first rule that matches a request decides its
/// level (none matching: None), and its omitStages join the policy's (k8s.io/apiserver/pkg/audit/policy/checker.go).
/// A file that does not read or validate is a <see cref="FormatException"/>: the server does not start, as kube-apiserver does not.
/// </summary>
public sealed class AuditPolicy(IReadOnlyList<AuditPolicyRule> rules, IReadOnlyList<string> omitStages, bool omitManagedFields)
{
    public static readonly string[] Stages = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"];
    private static readonly string[] Levels = ["None", "Metadata", "Request", "RequestResponse"];

    public (AuditLevel Level, IReadOnlySet<string> OmitStages, bool OmitManagedFields) Evaluate(AuthorizationAttributes attributes)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(attributes))
            {
                return (rule.Level, new HashSet<string>([.. omitStages, .. rule.OmitStages ?? []]), rule.OmitManagedFields ?? omitManagedFields);
            }
        }
        return (AuditLevel.None, new HashSet<string>(), omitManagedFields);
    }

    public static AuditPolicy Load(string path)
    {
        JsonObject policy;
        try
        {
            policy = YamlToJson.Convert(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not an object");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
        var errors = new List<string>();
        if ((string?)policy["apiVersion"] != "audit.k8s.io/v1" || (string?)policy["kind"] != "Policy")
        {
            errors.Add("must be apiVersion audit.k8s.io/v1, kind Policy");
        }
        var policyStages = Strings(policy["omitStages"]);
        CheckStages(policyStages, "omitStages", errors);
        var rules = new List<AuditPolicyRule>();
        var ruleNodes = policy["rules"] as JsonArray ?? [];
        for (var i = 0; i < ruleNodes.Count; i++)
        {
            rules.Add(Rule(ruleNodes[i] as JsonObject ?? [], $"rules[{i}]", errors));
        }
        if (errors.Count > 0)
        {
            throw new FormatException($"{path}: {string.Join("; ", errors)}");
        }
        return new AuditPolicy(rules, policyStages, (bool?)policy["omitManagedFields"] ?? false);
    }

    // pkg/apis/audit/validation ValidatePolicyRule's checks, in its words.
    private static AuditPolicyRule Rule(JsonObject rule, string path, List<string> errors)
    {
        var level = (string?)rule["level"] ?? "";
        if (!Levels.Contains(level))
        {
            errors.Add(level.Length == 0 ? $"{path}.level: Required value" : $"{path}.level: Unsupported value: \"{level}\"");
        }
        var resources = (rule["resources"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => new AuditGroupResources((string?)r["group"] ?? "", Strings(r["resources"]), Strings(r["resourceNames"]))).ToList();
        var nonResourceUrls = Strings(rule["nonResourceURLs"]);
        var namespaces = Strings(rule["namespaces"]);
        for (var i = 0; i < resources.Count; i++)
        {
            if (resources[i].ResourceNames.Count > 0 && resources[i].Resources.Count == 0)
            {
                errors.Add($"{path}.resources[{i}].resourceNames: Invalid value: using resourceNames requires at least one resource");
            }
        }
        for (var i = 0; i < nonResourceUrls.Count; i++)
        {
            var url = nonResourceUrls[i];
            if (url == "*")
            {
                continue;
            }
            if (!url.StartsWith('/'))
            {
                errors.Add($"{path}.nonResourceURLs[{i}]: Invalid value: \"{url}\": non-resource URL rules must begin with a '/' character");
            }
            if (url.Length > 0 && url[..^1].Contains('*'))
            {
                errors.Add($"{path}.nonResourceURLs[{i}]: Invalid value: \"{url}\": non-resource URL wildcards '*' must be the final character of the rule");
            }
        }
        if (nonResourceUrls.Count > 0 && (resources.Count > 0 || namespaces.Count > 0))
        {
            errors.Add($"{path}.nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs");
        }
        var ruleStages = rule["omitStages"] is null ? null : Strings(rule["omitStages"]);
        CheckStages(ruleStages ?? [], $"{path}.omitStages", errors);
        return new AuditPolicyRule(Levels.Contains(level) ? Enum.Parse<AuditLevel>(level) : AuditLevel.None, Strings(rule["users"]), Strings(rule["userGroups"]),
            Strings(rule["verbs"]), namespaces, resources, nonResourceUrls, ruleStages, (bool?)rule["omitManagedFields"]);
    }

    private static void CheckStages(IReadOnlyList<string> stages, string path, List<string> errors)
    {
        foreach (var stage in stages.Where(s => !Stages.Contains(s)))
        {
            errors.Add($"{path}: Unsupported value: \"{stage}\": supported values: \"{string.Join("\", \"", Stages)}\"");
        }
    }

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList();
}
