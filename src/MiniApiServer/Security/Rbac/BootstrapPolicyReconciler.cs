using k8s;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Rbac;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Security.Rbac;

/// <summary>
/// Makes the bootstrap policy exist at start, as kube-apiserver's rbac/bootstrap-roles post-start hook
/// (pkg/registry/rbac/rest/storage_rbac.go with pkg/registry/rbac/reconciliation): missing objects are created;
/// existing ones that do not say autoupdate "false" get back missing labels, annotations, rules, selectors and
/// subjects (a union: what a user added stays); a binding whose roleRef changed is recreated.
/// </summary>
public sealed class BootstrapPolicyReconciler(ObjectClient client, ResourceService service, ILogger<BootstrapPolicyReconciler> logger)
{
    public async Task ReconcileAsync(CancellationToken ct)
    {
        var registry = service.Registry;
        var roles = BootstrapPolicy.ClusterRoles.Select(Clone).ToList();
        FillAggregatedRules(roles);
        foreach (var role in roles)
        {
            var existing = Read<V1ClusterRole>(service.TryGet(registry.ClusterRoles, "", role.Metadata.Name));
            if (existing is null)
            {
                await CreateAsync(role, ct).ConfigureAwait(false);
            }
            else if (AutoUpdates(existing.Metadata))
            {
                await client.UpdateAsync<V1ClusterRole>("", role.Metadata.Name, current => MergeRole(current, role), ct: ct).ConfigureAwait(false);
            }
        }
        foreach (var binding in BootstrapPolicy.ClusterRoleBindings.Select(Clone))
        {
            var existing = Read<V1ClusterRoleBinding>(service.TryGet(registry.ClusterRoleBindings, "", binding.Metadata.Name));
            if (existing is null)
            {
                await CreateAsync(binding, ct).ConfigureAwait(false);
            }
            else if (AutoUpdates(existing.Metadata))
            {
                if (existing.RoleRef.Name != binding.RoleRef.Name || existing.RoleRef.Kind != binding.RoleRef.Kind)
                {
                    // roleRef is immutable, so upstream's reconciler deletes and recreates the binding.
                    logger.LogWarning("recreating clusterrolebinding {Name}: its roleRef changed", binding.Metadata.Name);
                    await client.DeleteAsync<V1ClusterRoleBinding>("", binding.Metadata.Name, DeleteOptions.Default, ct).ConfigureAwait(false);
                    await CreateAsync(binding, ct).ConfigureAwait(false);
                    continue;
                }
                await client.UpdateAsync<V1ClusterRoleBinding>("", binding.Metadata.Name, current => MergeBinding(current, binding), ct: ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Aggregated roles start with the rules of the bootstrap roles they select, so view, edit and admin work
    /// from the first request; the aggregation controller adds the rules of roles users label later.
    /// </summary>
    private static void FillAggregatedRules(List<V1ClusterRole> roles)
    {
        // Fixed point over the chain view -> edit -> admin: at most one pass per link.
        for (var pass = 0; pass < roles.Count; pass++)
        {
            var changed = false;
            foreach (var role in roles.Where(r => r.AggregationRule is not null))
            {
                var rules = ClusterRoleAggregation.RulesFor(role, roles);
                if (!ClusterRoleAggregation.SameRules(rules, role.Rules))
                {
                    role.Rules = rules;
                    changed = true;
                }
            }
            if (!changed)
            {
                return;
            }
        }
    }

    private async Task CreateAsync<T>(T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            await client.CreateAsync(obj, ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            // Another replica created it first; its copy is the same policy.
        }
    }

    private static bool MergeRole(V1ClusterRole current, V1ClusterRole expected)
    {
        var changed = MergeMetadata(current.Metadata, expected.Metadata);
        if (expected.AggregationRule is { } aggregation)
        {
            current.AggregationRule ??= new V1AggregationRule { ClusterRoleSelectors = [] };
            current.AggregationRule.ClusterRoleSelectors ??= [];
            changed |= AddMissing(current.AggregationRule.ClusterRoleSelectors, aggregation.ClusterRoleSelectors ?? [], s => KubernetesJson.Serialize(s));
            return changed;
        }
        current.Rules ??= [];
        return AddMissing(current.Rules, expected.Rules ?? [], ClusterRoleAggregation.Key) || changed;
    }

    private static bool MergeBinding(V1ClusterRoleBinding current, V1ClusterRoleBinding expected)
    {
        var changed = MergeMetadata(current.Metadata, expected.Metadata);
        current.Subjects ??= [];
        return AddMissing(current.Subjects, expected.Subjects ?? [], s => $"{s.Kind}/{s.NamespaceProperty}/{s.Name}") || changed;
    }

    private static bool MergeMetadata(V1ObjectMeta current, V1ObjectMeta expected)
    {
        current.Labels ??= new Dictionary<string, string>();
        current.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (k, v) in expected.Labels ?? new Dictionary<string, string>())
        {
            changed |= current.Labels.TryAdd(k, v);
        }
        foreach (var (k, v) in expected.Annotations ?? new Dictionary<string, string>())
        {
            changed |= current.Annotations.TryAdd(k, v);
        }
        return changed;
    }

    private static bool AddMissing<T>(IList<T> current, IEnumerable<T> expected, Func<T, string> key)
    {
        var present = current.Select(key).ToHashSet(StringComparer.Ordinal);
        var changed = false;
        foreach (var item in expected.Where(e => !present.Contains(key(e))))
        {
            current.Add(item);
            changed = true;
        }
        return changed;
    }

    private static bool AutoUpdates(V1ObjectMeta meta) =>
        meta.Annotations?.TryGetValue(BootstrapPolicy.AutoUpdateAnnotation, out var value) != true || value != "false";

    private static T? Read<T>(Storage.StoredObject? stored)
        where T : class => stored is null ? null : ModelCodec.Decode<T>(stored.Json);

    /// <summary>The policy is shared static data; the server takes over whatever it is given.</summary>
    private static T Clone<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
