using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.FlowControl;

/// <summary>
/// The status half of apiserver's APF config controller (pkg/util/flowcontrol/apf_controller.go): each FlowSchema's
/// Dangling condition says whether the PriorityLevelConfiguration it names exists, written through flowschemas/status
/// when it changes. Nothing here classifies or queues requests.
/// </summary>
public sealed class FlowSchemaDanglingController : IControlLoop, IReconciler<string>
{
    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ControllerHost<string> _host;
    private readonly TimeProvider _time;
    private int _handlersAdded;

    public FlowSchemaDanglingController(SharedInformers informers, ResourceService service, ISender sender, TimeProvider time,
        ILogger<FlowSchemaDanglingController> logger)
    {
        _informers = informers;
        _time = time;
        // kube-apiserver's loopback client, as the config consumer writes.
        _client = new ObjectClient(sender, service.Registry, "system:apiserver");
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "priority-and-fairness-config-consumer");
    }

    public string Name => "priority-and-fairness-config-consumer";

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _informers.FlowSchemas.AddHandler(new NameFeed<V1FlowSchema>(_host.Queue.Add));
            _informers.PriorityLevelConfigurations.AddHandler(new NameFeed<V1PriorityLevelConfiguration>(QueueReferrers));
        }
        foreach (var schema in _informers.FlowSchemas.List())
        {
            _host.Queue.Add(schema.Metadata.Name);
        }
        return _host.RunAsync(ct);
    }

    private void QueueReferrers(string level)
    {
        foreach (var schema in _informers.FlowSchemas.List().Where(s => s.Spec?.PriorityLevelConfiguration?.Name == level))
        {
            _host.Queue.Add(schema.Metadata.Name);
        }
    }

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        if (_informers.FlowSchemas.Get("", name) is not { } schema)
        {
            return ReconcileResult.Done;
        }
        var level = schema.Spec?.PriorityLevelConfiguration?.Name ?? "";
        var desired = DanglingCondition.Desired(level, _informers.PriorityLevelConfigurations.Get("", level) is not null, _time.GetUtcNow().UtcDateTime);
        if (DanglingCondition.Current(schema, desired))
        {
            return ReconcileResult.Done;
        }
        try
        {
            await _client.UpdateAsync<V1FlowSchema>("", name, s => Apply(s, schema.Metadata.Uid, level, desired), status: true, ct: ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted meanwhile.
        }
        return ReconcileResult.Done;
    }

    /// <summary>The one write, on the same schema still naming the same level: its Dangling condition replaced, any other kept.</summary>
    private static bool Apply(V1FlowSchema schema, string uid, string level, V1FlowSchemaCondition desired)
    {
        if (schema.Metadata.Uid != uid || (schema.Spec?.PriorityLevelConfiguration?.Name ?? "") != level || DanglingCondition.Current(schema, desired))
        {
            return false;
        }
        schema.Status ??= new V1FlowSchemaStatus();
        var conditions = schema.Status.Conditions?.Where(c => c.Type != DanglingCondition.Type).ToList() ?? [];
        conditions.Add(desired);
        schema.Status.Conditions = conditions;
        return true;
    }
}
