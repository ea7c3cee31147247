using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>pkg/registry/rbac/role/strategy.go: ValidateRole, every rule of a namespace's role names resources.</summary>
public sealed class RoleStrategy(ResourceType type) : TypedStrategy<V1Role>(type)
{
    protected override void Validate(V1Role obj, FieldErrors errors) => RbacValidation.ValidateRules(obj.Rules, namespaced: true, errors);
}
