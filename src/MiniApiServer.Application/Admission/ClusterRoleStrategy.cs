using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/rbac/clusterrole/strategy.go: ValidateClusterRole, rules as a Role's or on non-resource URLs, and an
/// aggregation rule with at least one valid selector.
/// </summary>
public sealed class ClusterRoleStrategy(ResourceType type) : TypedStrategy<V1ClusterRole>(type)
{
    protected override void Validate(V1ClusterRole obj, FieldErrors errors)
    {
        RbacValidation.ValidateRules(obj.Rules, namespaced: false, errors);
        if (obj.AggregationRule is not { } aggregation)
        {
            return;
        }
        if (aggregation.ClusterRoleSelectors is not { Count: > 0 } selectors)
        {
            errors.Required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil");
            return;
        }
        for (var i = 0; i < selectors.Count; i++)
        {
            LabelSelectorValidation.Validate(selectors[i], $"aggregationRule.clusterRoleSelectors[{i}]", errors);
        }
    }
}
