using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/rbac/rolebinding and clusterrolebinding strategy.go: ValidateRoleBinding(Update) and
/// ValidateClusterRoleBinding(Update), after the v1 defaults fill in the role's and the users' and groups' API group.
/// A ClusterRoleBinding grants a ClusterRole only and each of its ServiceAccount subjects names a namespace. The role a
/// binding grants never changes: delete and create it again (what kubectl auth reconcile does). The two models share
/// no interface, hence the accessors.
/// </summary>
public sealed class BindingStrategy<T>(
    ResourceType type, Func<T, V1RoleRef?> roleRef, Action<T, V1RoleRef> setRoleRef, Func<T, IList<Rbacv1Subject>?> subjects)
    : TypedStrategy<T>(type)
    where T : class
{
    protected override void PrepareForCreate(T obj, DateTimeOffset now) => setRoleRef(obj, RbacValidation.DefaultBinding(roleRef(obj), subjects(obj)));

    protected override void PrepareForUpdate(T obj, T old, bool statusOnly) => setRoleRef(obj, RbacValidation.DefaultBinding(roleRef(obj), subjects(obj)));

    protected override void Validate(T obj, FieldErrors errors) =>
        RbacValidation.ValidateBinding(roleRef(obj), subjects(obj), namespaced: Type.Namespaced, errors);

    protected override void ValidateUpdate(T obj, T old, FieldErrors errors)
    {
        Validate(obj, errors);
        RbacValidation.ValidateRoleRefUnchanged(roleRef(obj), roleRef(old), errors);
    }
}
