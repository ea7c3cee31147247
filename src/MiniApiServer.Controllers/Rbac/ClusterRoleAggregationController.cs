using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Rbac;

/// <summary>
/// pkg/controller/clusterroleaggregation: any ClusterRole change queues every aggregated ClusterRole, whose
/// reconcile rewrites its rules from the roles its aggregationRule selects. Chains (view into edit into admin)
/// settle because each rewrite is itself a ClusterRole change.
/// </summary>
public sealed class ClusterRoleAggregationController : IControlLoop, IReconciler<string>, IInformerHandler<V1ClusterRole>
{
    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ControllerHost<string> _host;

    public ClusterRoleAggregationController(SharedInformers informers, ISender sender, ResourceRegistry registry, TimeProvider time, ILogger<ClusterRoleAggregationController> logger)
    {
        _informers = informers;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount("clusterrole-aggregation-controller"));
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "ClusterRoleAggregator");
        informers.ClusterRoles.AddHandler(this);
    }

    public string Name => "clusterrole-aggregation-controller";

    public Task RunAsync(CancellationToken ct) => _host.RunAsync(ct);

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        var role = _informers.ClusterRoles.Get("", name);
        if (role?.AggregationRule is null)
        {
            return ReconcileResult.Done;
        }
        var rules = ClusterRoleAggregation.RulesFor(role, _informers.ClusterRoles.List());
        if (ClusterRoleAggregation.SameRules(rules, role.Rules))
        {
            return ReconcileResult.Done;
        }
        await _client.UpdateAsync<V1ClusterRole>("", name, current =>
        {
            if (current.AggregationRule is null || ClusterRoleAggregation.SameRules(rules, current.Rules))
            {
                return false;
            }
            current.Rules = rules;
            return true;
        }, ct: ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    public void OnAdd(V1ClusterRole obj) => QueueAggregated();

    public void OnUpdate(V1ClusterRole oldObj, V1ClusterRole newObj) => QueueAggregated();

    public void OnDelete(V1ClusterRole obj) => QueueAggregated();

    private void QueueAggregated()
    {
        foreach (var role in _informers.ClusterRoles.List().Where(r => r.AggregationRule is not null))
        {
            _host.Queue.Add(role.Metadata.Name);
        }
    }
}
