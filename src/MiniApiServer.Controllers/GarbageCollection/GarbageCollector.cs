using System.Text.Json.Nodes;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// pkg/controller/garbagecollector/garbagecollector.go. One queue keyed by uid replaces upstream's
/// attemptToDelete and attemptToOrphan queues: each reconcile re-reads the object and decides from its
/// current finalizers whether to orphan its dependents, wait for them (foreground), or collect it because
/// its owners are gone (background).
/// </summary>
public sealed class GarbageCollector : IControlLoop, IReconciler<string>
{
    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly ResourceRegistry _registry;
    private readonly ILogger<GarbageCollector> _logger;
    private readonly ControllerHost<string> _host;
    private readonly WorkQueue<string> _queue;
    private readonly DependencyGraph _graph;
    private readonly GraphBuilder _builder;

    public GarbageCollector(ResourceService service, ISender sender, ResourceRegistry registry, TimeProvider time, ControllerOptions options, ILogger<GarbageCollector> logger)
    {
        _service = service;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount("generic-garbage-collector"));
        _registry = registry;
        _logger = logger;
        _host = new ControllerHost<string>(this, options.GarbageCollectorWorkers, time, logger);
        _queue = _host.Queue;
        _graph = new DependencyGraph(registry);
        _builder = new GraphBuilder(service.Store, registry, _graph, _queue.Add, logger);
    }

    public string Name => "garbage-collector";

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(
        _builder.RunAsync(ct),
        _host.RunAsync(ct));

    public async Task<ReconcileResult> ReconcileAsync(string uid, CancellationToken ct)
    {
        var node = _graph.Snapshot(uid);
        if (node?.Identity.Type is not { } type)
        {
            // Gone from the graph, or a kind this server does not serve (which can never be verified absent).
            return ReconcileResult.Done;
        }
        var live = Lookup(node.Identity);
        if (live is null)
        {
            if (node.Virtual)
            {
                // enqueueVirtualDeleteEvent: a referenced owner verified absent; its dependents must be looked at.
                foreach (var dependent in _graph.Remove(uid))
                {
                    _queue.Add(dependent);
                }
            }
            return ReconcileResult.Done;
        }
        var item = ObservedObject.From(live, type, node.Identity.Namespace, node.Identity.Name);
        if (item.Orphaning)
        {
            await OrphanDependentsAsync(node).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        if (item.DeletingDependents)
        {
            await ProcessDeletingDependentsAsync(node).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        var owners = item.Owners.ToDictionary(o => o.Uid, o => OwnerStateOf(o, node.Identity.Namespace), StringComparer.Ordinal);
        await ActAsync(node.Identity, AttemptToDelete.Decide(item, owners, node.Dependents.Count > 0)).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>garbagecollector.go orphanDependents, then removeFinalizer(orphan): the API then deletes the owner.</summary>
    private async Task OrphanDependentsAsync(NodeSnapshot owner)
    {
        foreach (var dependent in owner.Dependents)
        {
            await RemoveOwnerReferencesAsync(dependent.Identity, [owner.Identity.Uid]).ConfigureAwait(false);
        }
        await RemoveFinalizerAsync(owner.Identity, ResourceService.OrphanFinalizer).ConfigureAwait(false);
    }

    /// <summary>
    /// garbagecollector.go processDeletingDependentsItem: the owner leaves only when no dependent with
    /// blockOwnerDeletion remains; until then, blocking dependents are (re)examined, which deletes them.
    /// </summary>
    private async Task ProcessDeletingDependentsAsync(NodeSnapshot owner)
    {
        var blocking = owner.Dependents.Where(d => d.BlocksOwnerDeletion).ToList();
        if (blocking.Count == 0)
        {
            await RemoveFinalizerAsync(owner.Identity, ResourceService.ForegroundFinalizer).ConfigureAwait(false);
            return;
        }
        foreach (var dependent in blocking.Where(d => !d.DeletingDependents))
        {
            _queue.Add(dependent.Identity.Uid);
        }
    }

    private async Task ActAsync(ObjectIdentity item, GcAction action)
    {
        switch (action)
        {
            case GcAction.RemoveOwnerReferences remove:
                await RemoveOwnerReferencesAsync(item, remove.OwnerUids).ConfigureAwait(false);
                break;
            case GcAction.Delete delete:
                _logger.LogDebug("garbage collector deleting {Item} with propagation {Policy}", item, delete.PropagationPolicy);
                await IgnoreGoneAsync(() => _client.DeleteAsync(item.Type!, item.Namespace, item.Name,
                    new DeleteOptions(PropagationPolicy: delete.PropagationPolicy, PreconditionUid: item.Uid))).ConfigureAwait(false);
                break;
        }
    }

    private OwnerState OwnerStateOf(OwnerRef reference, string dependentNamespace)
    {
        var identity = OwnerKinds.OwnerIdentity(_registry, reference, dependentNamespace);
        if (identity.Type is null)
        {
            // Unknown kind: upstream retries on the RESTMapper error and never deletes; treating it as live does the same.
            return OwnerState.Solid;
        }
        var owner = Lookup(identity);
        if (owner is null)
        {
            return OwnerState.Dangling;
        }
        return owner.DeletionTimestamp is not null && (owner.Finalizers ?? []).Contains(ResourceService.ForegroundFinalizer)
            ? OwnerState.WaitingForDependentsDeletion
            : OwnerState.Solid;
    }

    /// <summary>A fresh read from the store (not the graph); an object with another uid counts as absent.</summary>
    private V1ObjectMeta? Lookup(ObjectIdentity identity)
    {
        var stored = _service.TryGet(identity.Type!, identity.Namespace, identity.Name);
        if (stored is null || stored.Index.Uid != identity.Uid)
        {
            return null;
        }
        return MetadataReader.Read(stored.Json);
    }

    private Task RemoveOwnerReferencesAsync(ObjectIdentity item, IReadOnlyCollection<string> ownerUids) =>
        UpdateMetadataAsync(item, meta =>
        {
            if (meta.OwnerReferences is not { } refs)
            {
                return false;
            }
            var kept = refs.Where(r => !ownerUids.Contains(r.Uid ?? "")).ToList();
            if (kept.Count == refs.Count)
            {
                return false;
            }
            meta.OwnerReferences = kept.Count == 0 ? null : kept;
            return true;
        });

    private Task RemoveFinalizerAsync(ObjectIdentity item, string finalizer) =>
        UpdateMetadataAsync(item, meta =>
        {
            if (meta.Finalizers?.Contains(finalizer) != true)
            {
                return false;
            }
            var kept = meta.Finalizers.Where(f => f != finalizer).ToList();
            meta.Finalizers = kept.Count == 0 ? null : kept;
            return true;
        });

    /// <summary>Read-modify-write of metadata, skipped if the name now holds a different object.</summary>
    private Task UpdateMetadataAsync(ObjectIdentity item, Func<V1ObjectMeta, bool> mutate) =>
        IgnoreGoneAsync(() => _client.UpdateAsync(item.Type!, item.Namespace, item.Name,
            obj => obj.Metadata?.Uid == item.Uid && mutate(obj.Metadata)));

    private static async Task IgnoreGoneAsync(Func<Task<ObjectResult>> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Already gone, or replaced by a new object with the same name: nothing left to do for this uid.
        }
    }
}
