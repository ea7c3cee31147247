using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>ValidateRoleBindingUpdate's "cannot change roleRef", with a stored roleRef from before apiGroup was defaulted.</summary>
public sealed class RoleRefUnchangedTests
{
    private static IReadOnlyList<string> Fields(V1RoleRef updated, V1RoleRef stored)
    {
        var errors = new FieldErrors();
        RbacValidation.ValidateRoleRefUnchanged(updated, stored, errors);
        return [.. errors.Causes.Select(c => c.Field)];
    }

    [Fact]
    public void StoredWithoutApiGroup_SameRoleDefaulted_IsNoChange() =>
        Assert.Empty(Fields(
            new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" },
            new V1RoleRef { ApiGroup = "", Kind = "ClusterRole", Name = "view" }));

    [Fact]
    public void AnotherRoleOrKind_IsAChange()
    {
        var stored = new V1RoleRef { ApiGroup = "", Kind = "ClusterRole", Name = "view" };
        Assert.Equal(["roleRef"], Fields(new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "edit" }, stored));
        Assert.Equal(["roleRef"], Fields(new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "view" }, stored));
        Assert.Equal(["roleRef"], Fields(new V1RoleRef { ApiGroup = "example.com", Kind = "ClusterRole", Name = "view" }, stored));
    }
}
