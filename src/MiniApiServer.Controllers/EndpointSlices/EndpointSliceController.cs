using System.Text.Json;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.EndpointSlices;

/// <summary>
/// The EndpointSlice controller (pkg/controller/endpointslice). A sync of one Service computes its desired slices
/// from the pods its selector matches (<see cref="EndpointSliceBuilder"/>) and converges the slices it manages:
/// existing ones are updated in place, in order, missing ones created, extra ones deleted. Services without a
/// selector are left alone (their slices are someone else's, e.g. the kubernetes Service's); deleted Services'
/// slices go with the garbage collector through their owner reference.
/// </summary>
public sealed class EndpointSliceController : IControlLoop, IReconciler<string>
{
    public const string Component = "endpointslice-controller";

    private readonly SharedInformers _informers;
    private readonly ResourceService _service;
    private readonly ResourceRegistry _registry;
    private readonly ObjectClient _client;
    private readonly ILogger<EndpointSliceController> _logger;
    private readonly ControllerHost<string> _host;

    public EndpointSliceController(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, TimeProvider time,
        ControllerOptions options, ILogger<EndpointSliceController> logger)
    {
        _informers = informers;
        _service = service;
        _registry = registry;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount("endpointslice-controller"));
        _logger = logger;
        _host = new ControllerHost<string>(this, options.EndpointSliceWorkers, time, logger, queueName: "endpoint_slice");
        var handlers = new EndpointSliceEventHandlers(informers, _host.Queue);
        informers.Services.AddHandler(handlers);
        informers.Pods.AddHandler(handlers);
        informers.EndpointSlices.AddHandler(handlers);
    }

    public string Name => Component;

    public Task RunAsync(CancellationToken ct)
    {
        foreach (var svc in _informers.Services.List())
        {
            _host.Queue.Add(EndpointSliceEventHandlers.Key(svc.Metadata));
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var svc = _informers.Services.Get(ns, key[(slash + 1)..]);
        if (svc is null)
        {
            // Endpoints carry no owner reference (upstream's endpoints controller deletes them with their Service).
            await DeleteEndpointsAsync(ns, key[(slash + 1)..], ct).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        if (svc.Metadata.DeletionTimestamp is not null || svc.Spec?.Selector is not { Count: > 0 } selector || svc.Spec.Type == "ExternalName")
        {
            return ReconcileResult.Done;
        }
        var match = LabelSelector.FromModel(new V1LabelSelector { MatchLabels = selector });
        var pods = _informers.Pods.ByIndex(SharedInformers.ByNamespace, ns)
            .Where(p => match.Matches((p.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly()));
        var selected = pods.ToList();
        await SyncEndpointsAsync(EndpointsBuilder.Desired(svc, selected), ct).ConfigureAwait(false);
        var desired = EndpointSliceBuilder.Desired(svc, selected, n => string.IsNullOrEmpty(n) ? null : _informers.Nodes.Get("", n));
        // Read from storage, not the informer: a slice this controller just created may not be in the informer yet,
        // and creating it again would duplicate it (upstream's endpointSliceTracker guards the same staleness).
        var existing = _service.ListAll(_registry.EndpointSlices, ns).Select(o => ModelCodec.Decode<V1EndpointSlice>(o.Json))
            .Where(s => s.Metadata.Labels?.TryGetValue(SharedInformers.ServiceNameLabel, out var name) == true && name == svc.Metadata.Name)
            .Where(s => EndpointSliceBuilder.IsManaged(s) && s.Metadata.OwnerReferences?.Any(o => o.Uid == svc.Metadata.Uid) == true)
            .OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < desired.Count; i++)
        {
            if (i < existing.Count)
            {
                await UpdateAsync(existing[i], desired[i], ct).ConfigureAwait(false);
            }
            else
            {
                await _client.CreateAsync(desired[i], ct).ConfigureAwait(false);
            }
        }
        foreach (var extra in existing.Skip(desired.Count))
        {
            try
            {
                await _client.DeleteAsync<V1EndpointSlice>(ns, extra.Metadata.Name, new DeleteOptions(PreconditionUid: extra.Metadata.Uid), ct).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code is 404 or 409)
            {
                _logger.LogDebug("endpointslice {Namespace}/{Name} already gone", ns, extra.Metadata.Name);
            }
        }
        return ReconcileResult.Done;
    }

    private async Task SyncEndpointsAsync(V1Endpoints desired, CancellationToken ct)
    {
        var ns = desired.Metadata.NamespaceProperty;
        if (_service.TryGet(_registry.Endpoints, ns, desired.Metadata.Name) is not { } stored)
        {
            try
            {
                await _client.CreateAsync(desired, ct).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 409)
            {
                // Created meantime (by a user or a previous sync); the requeue from its event converges it.
                _logger.LogDebug("endpoints {Namespace}/{Name} already exist", ns, desired.Metadata.Name);
            }
            return;
        }
        var current = ModelCodec.Decode<V1Endpoints>(stored.Json);
        if (Same(current.Subsets, desired.Subsets) && Same(current.Metadata.Labels, desired.Metadata.Labels))
        {
            return;
        }
        await _client.UpdateAsync<V1Endpoints>(ns, desired.Metadata.Name, e =>
        {
            e.Subsets = desired.Subsets;
            e.Metadata.Labels = desired.Metadata.Labels;
            return true;
        }, ct: ct).ConfigureAwait(false);
    }

    private async Task DeleteEndpointsAsync(string ns, string name, CancellationToken ct)
    {
        if (_service.TryGet(_registry.Endpoints, ns, name) is null)
        {
            return;
        }
        try
        {
            await _client.DeleteAsync<V1Endpoints>(ns, name, DeleteOptions.Default, ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            _logger.LogDebug("endpoints {Namespace}/{Name} already gone", ns, name);
        }
    }

    /// <summary>Writes only when the endpoints, ports or labels differ, so a pod event that changes nothing costs no write.</summary>
    private async Task UpdateAsync(V1EndpointSlice current, V1EndpointSlice desired, CancellationToken ct)
    {
        if (Same(current.Endpoints, desired.Endpoints) && Same(current.Ports, desired.Ports) && Same(current.Metadata.Labels, desired.Metadata.Labels))
        {
            return;
        }
        await _client.UpdateAsync<V1EndpointSlice>(current.Metadata.NamespaceProperty, current.Metadata.Name, s =>
        {
            if (s.Metadata.Uid != current.Metadata.Uid)
            {
                return false;
            }
            s.Endpoints = desired.Endpoints;
            s.Ports = desired.Ports;
            s.Metadata.Labels = desired.Metadata.Labels;
            return true;
        }, ct: ct).ConfigureAwait(false);
    }

    private static bool Same(object? a, object? b) =>
        JsonSerializer.Serialize(a, ModelCodec.Options) == JsonSerializer.Serialize(b, ModelCodec.Options);
}
