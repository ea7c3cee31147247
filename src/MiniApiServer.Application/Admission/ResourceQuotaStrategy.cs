using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/resourcequota/strategy.go with ValidateResourceQuota(Update/StatusUpdate)
/// (pkg/apis/core/validation/validation.go): status starts empty and only the status subresource (the quota
/// controller and admission) writes it; resource names are quota names with non-negative values, whole numbers for
/// counts; scopes are known, fit the resources limited, do not conflict, and never change. Where Go ranges over
/// spec.hard, names are sorted here.
/// </summary>
public sealed class ResourceQuotaStrategy(ResourceType type) : TypedStrategy<V1ResourceQuota>(type)
{
    private static readonly string[] Scopes = ["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"];
    private static readonly HashSet<string> PodComputeNames = new(StringComparer.Ordinal)
    {
        "pods", "cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu", "requests.memory",
    };

    protected override void PrepareForCreate(V1ResourceQuota obj, DateTimeOffset now) => obj.Status = new V1ResourceQuotaStatus();

    protected override void Validate(V1ResourceQuota obj, FieldErrors errors)
    {
        ValidateSpec(obj.Spec, errors);
        ValidateStatus(obj.Status, errors);
    }

    protected override void ValidateUpdate(V1ResourceQuota obj, V1ResourceQuota old, FieldErrors errors)
    {
        ValidateSpec(obj.Spec, errors);
        var scopes = obj.Spec?.Scopes ?? [];
        if (!scopes.ToHashSet(StringComparer.Ordinal).SetEquals(old.Spec?.Scopes ?? []))
        {
            errors.Invalid("spec.scopes", GoScopes(scopes), "field is immutable");
        }
    }

    protected override void ValidateStatusUpdate(V1ResourceQuota obj, V1ResourceQuota old, FieldErrors errors) =>
        ValidateStatus(obj.Status, errors);

    private static void ValidateSpec(V1ResourceQuotaSpec? spec, FieldErrors errors)
    {
        Quantities(spec?.Hard, "spec.hard", errors);
        var scopes = spec?.Scopes ?? [];
        var hardNames = (spec?.Hard?.Keys ?? []).Order(StringComparer.Ordinal).ToList();
        if (scopes.Count > 0)
        {
            foreach (var scope in scopes)
            {
                if (!Scopes.Contains(scope))
                {
                    errors.Invalid("spec.scopes", GoScopes(scopes), "unsupported scope");
                }
                foreach (var name in hardNames)
                {
                    if (QuotaNames.IsStandard(name) && !ScopeFits(scope, name))
                    {
                        errors.Invalid("spec.scopes", GoScopes(scopes), "unsupported scope applied to resource");
                    }
                }
            }
            if ((scopes.Contains("BestEffort") && scopes.Contains("NotBestEffort")) || (scopes.Contains("Terminating") && scopes.Contains("NotTerminating")))
            {
                errors.Invalid("spec.scopes", GoScopes(scopes), "conflicting scopes");
            }
        }
        if (spec?.ScopeSelector is { } selector)
        {
            ValidateSelector(selector, hardNames, scopes, errors);
        }
    }

    private static void ValidateSelector(V1ScopeSelector selector, List<string> hardNames, IList<string> scopes, FieldErrors errors)
    {
        const string at = "spec.scopeSelector.matchExpressions";
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var req in selector.MatchExpressions ?? [])
        {
            var scope = req.ScopeName ?? "";
            named.Add(scope);
            if (!Scopes.Contains(scope))
            {
                errors.Invalid($"{at}.scopeName", scope, "unsupported scope");
            }
            foreach (var name in hardNames)
            {
                if (QuotaNames.IsStandard(name) && !ScopeFits(scope, name))
                {
                    errors.Invalid(at, "", "unsupported scope applied to resource");
                }
            }
            if (scope is "BestEffort" or "NotBestEffort" or "Terminating" or "NotTerminating" or "CrossNamespacePodAffinity" && req.OperatorProperty != "Exists")
            {
                errors.Invalid($"{at}.operator", req.OperatorProperty ?? "",
                    "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity");
            }
            switch (req.OperatorProperty)
            {
                case "In" or "NotIn" when req.Values is not { Count: > 0 }:
                    errors.Required($"{at}.values", "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector");
                    break;
                case "Exists" or "DoesNotExist" when req.Values is { Count: > 0 }:
                    errors.Invalid($"{at}.values", GoStrings(req.Values), "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector");
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    errors.Invalid($"{at}.operator", req.OperatorProperty ?? "", "not a valid selector operator");
                    break;
            }
        }
        if ((named.Contains("BestEffort") && named.Contains("NotBestEffort")) || (named.Contains("Terminating") && named.Contains("NotTerminating")))
        {
            errors.Invalid(at, GoScopes(scopes), "conflicting scopes");
        }
    }

    private static void ValidateStatus(V1ResourceQuotaStatus? status, FieldErrors errors)
    {
        Quantities(status?.Hard, "status.hard", errors);
        Quantities(status?.Used, "status.used", errors);
    }

    // ValidateResourceQuotaResourceName and ValidateResourceQuantityValue for each entry.
    private static void Quantities(IDictionary<string, ResourceQuantity>? list, string path, FieldErrors errors)
    {
        foreach (var (name, q) in (list ?? new Dictionary<string, ResourceQuantity>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var at = $"{path}[{name}]";
            ResourceNames.Validate(name, at, errors);
            if (!name.Contains('/', StringComparison.Ordinal) && !QuotaNames.IsStandard(name))
            {
                errors.Invalid(at, name, "must be a standard resource for quota");
            }
            if (q is null)
            {
                continue;
            }
            if (QuantityMath.Exact(q) < 0)
            {
                errors.Invalid(at, QuantityMath.Text(q), "must be greater than or equal to 0");
            }
            if (QuotaNames.IsInteger(name) && QuantityMath.MilliValue(q) % 1000 != 0)
            {
                errors.Invalid(at, QuantityMath.Text(q), "must be an integer");
            }
        }
    }

    /// <summary>IsResourceQuotaScopeValidForResource.</summary>
    private static bool ScopeFits(string scope, string name) => scope switch
    {
        "Terminating" or "NotTerminating" or "NotBestEffort" or "PriorityClass" or "CrossNamespacePodAffinity" => PodComputeNames.Contains(name),
        "BestEffort" => name == "pods",
        _ => true,
    };

    // Go's %v of a []core.ResourceQuotaScope and a []string, as field.Invalid prints them.
    private static GoRawValue GoScopes(IList<string> scopes) => new("[]core.ResourceQuotaScope{" + string.Join(", ", scopes.Select(s => $"\"{s}\"")) + "}");

    private static GoRawValue GoStrings(IList<string> values) => new("[]string{" + string.Join(", ", values.Select(s => $"\"{s}\"")) + "}");
}
