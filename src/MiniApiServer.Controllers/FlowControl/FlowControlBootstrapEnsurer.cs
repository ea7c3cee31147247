using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.FlowControl;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.FlowControl;

/// <summary>
/// kube-apiserver's priority-and-fairness-config-producer post-start hook (pkg/registry/flowcontrol/ensurer): the
/// mandatory and suggested FlowSchemas and PriorityLevelConfigurations of bootstrap/default.go exist, a deleted or
/// edited mandatory one comes back, and a suggested one follows the bootstrap while it is marked for auto-update.
/// Upstream re-runs that every few minutes; here every change to either kind re-runs it for the object changed.
/// </summary>
public sealed class FlowControlBootstrapEnsurer : IControlLoop, IReconciler<string>
{
    private const string SchemaPrefix = "flowschemas/";
    private const string LevelPrefix = "prioritylevelconfigurations/";
    private readonly BootstrapKind<V1FlowSchema> _schemas;
    private readonly BootstrapKind<V1PriorityLevelConfiguration> _levels;
    private readonly ControllerHost<string> _host;
    private int _handlersAdded;

    public FlowControlBootstrapEnsurer(SharedInformers informers, ResourceService service, ISender sender, TimeProvider time,
        ILogger<FlowControlBootstrapEnsurer> logger)
    {
        // kube-apiserver's loopback client.
        var client = new ObjectClient(sender, service.Registry, "system:apiserver");
        _schemas = new(informers.FlowSchemas, client, FlowControlBootstrap.MandatoryFlowSchemas, FlowControlBootstrap.SuggestedFlowSchemas,
            (bootstrap, _) => bootstrap.Spec, (o, spec) => o.Spec = (V1FlowSchemaSpec?)spec, o => o.Spec);
        _levels = new(informers.PriorityLevelConfigurations, client, FlowControlBootstrap.MandatoryPriorityLevels, FlowControlBootstrap.SuggestedPriorityLevels,
            KeepTunedExempt, (o, spec) => o.Spec = (V1PriorityLevelConfigurationSpec?)spec, o => o.Spec);
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "priority-and-fairness-config-producer");
    }

    public string Name => "priority-and-fairness-config-producer";

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _schemas.Informer.AddHandler(new NameFeed<V1FlowSchema>(n => _host.Queue.Add(SchemaPrefix + n)));
            _levels.Informer.AddHandler(new NameFeed<V1PriorityLevelConfiguration>(n => _host.Queue.Add(LevelPrefix + n)));
        }
        foreach (var name in _schemas.Names())
        {
            _host.Queue.Add(SchemaPrefix + name);
        }
        foreach (var name in _levels.Names())
        {
            _host.Queue.Add(LevelPrefix + name);
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith(SchemaPrefix, StringComparison.Ordinal))
        {
            await _schemas.EnsureAsync(key[SchemaPrefix.Length..], ct).ConfigureAwait(false);
        }
        else
        {
            await _levels.EnsureAsync(key[LevelPrefix.Length..], ct).ConfigureAwait(false);
        }
        return ReconcileResult.Done;
    }

    /// <summary>The exempt level's spec.exempt is the administrator's to tune (validation lets only it differ).</summary>
    private static object? KeepTunedExempt(V1PriorityLevelConfiguration bootstrap, V1PriorityLevelConfiguration? current)
    {
        return bootstrap.Metadata.Name == FlowControlBootstrap.Exempt && current?.Spec?.Exempt is { } tuned
            ? new V1PriorityLevelConfigurationSpec { Type = bootstrap.Spec.Type, Limited = bootstrap.Spec.Limited, Exempt = tuned }
            : bootstrap.Spec;
    }
}
