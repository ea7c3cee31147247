using System.Text.Json.Nodes;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.CustomResources;

/// <summary>
/// apiextensions-apiserver's naming, establishing and finalizer controllers for one CRD key: names are accepted
/// unless another CRD of the group holds them (NamesAccepted), accepted names establish the CRD (Established), and
/// a CRD being deleted has its instances deleted before its cleanup finalizer goes (Terminating).
/// </summary>
public sealed class CustomResourceDefinitionController : IControlLoop, IReconciler<string>
{
    // crd_finalizer.go waits for the instances by polling every 5 s.
    private static readonly TimeSpan InstancePoll = TimeSpan.FromSeconds(5);

    private readonly ResourceService _service;
    private readonly ObjectStore _store;
    private readonly ObjectClient _client;
    private readonly TimeProvider _time;
    private readonly ControllerHost<string> _host;

    public CustomResourceDefinitionController(ResourceService service, ISender sender, ObjectStore store, TimeProvider time,
        ILogger<CustomResourceDefinitionController> logger)
    {
        _service = service;
        _store = store;
        _time = time;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("apiextensions-apiserver"));
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "crd");
    }

    public string Name => "customresourcedefinition-controller";

    private string Key => _service.Registry.CustomResourceDefinitions.StorageKey;

    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(_host.RunAsync(ct), NameWatchFeed.RunAsync(_store, new WatchSpec(Key, Capacity: 10_000), _host.Queue, ct));

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        if (_store.Cache.Get(Key, "", name) is not { } stored)
        {
            return ReconcileResult.Done;
        }
        var crd = ResourceService.Parse(stored);
        try
        {
            if (crd["metadata"]?["deletionTimestamp"] is not null)
            {
                return await FinalizeAsync(name, crd, ct).ConfigureAwait(false);
            }
            var others = _store.Cache.List(Key, null).Items.Where(i => i.Name != name).Select(ResourceService.Parse).ToList();
            var decision = CrdNaming.Decide(crd, others);
            await _client.UpdateAsync<V1CustomResourceDefinition>("", name, c => Apply(c, decision), status: true, ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted meanwhile: nothing to name or clean.
        }
        return ReconcileResult.Done;
    }

    private bool Apply(V1CustomResourceDefinition crd, CrdNamingDecision decision)
    {
        var status = crd.Status ??= new V1CustomResourceDefinitionStatus();
        var before = k8s.KubernetesJson.Serialize(status);
        status.AcceptedNames = decision.AcceptedNames;
        var now = _time.GetUtcNow().UtcDateTime;
        SetCondition(status, "NamesAccepted", decision.Accepted ? "True" : "False", decision.Reason, decision.Message, now);
        var established = status.Conditions?.FirstOrDefault(c => c.Type == "Established");
        if (decision.Accepted && established?.Status != "True")
        {
            SetCondition(status, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now);
        }
        else if (!decision.Accepted && established is null)
        {
            SetCondition(status, "Established", "False", "NotAccepted", "not all names are accepted", now);
        }
        return k8s.KubernetesJson.Serialize(status) != before;
    }

    private async Task<ReconcileResult> FinalizeAsync(string name, JsonObject crd, CancellationToken ct)
    {
        var finalizers = crd["metadata"]?["finalizers"] as JsonArray ?? [];
        if (!finalizers.Any(f => f?.GetValue<string>() == CustomResourceDefinitionDeletion.Finalizer))
        {
            return ReconcileResult.Done;
        }
        var group = crd["spec"]?["group"]?.GetValue<string>() ?? "";
        var plural = crd["status"]?["acceptedNames"]?["plural"]?.GetValue<string>() ?? "";
        string reason, message;
        if (_service.Registry.ByStorageKey($"{plural}.{group}") is { IsCustom: false })
        {
            // A CRD named like a built-in resource never served it: its "instances" are the built-in objects.
            (reason, message) = ("OverlappingBuiltInResource", "instances overlap with built-in resources in storage");
        }
        else if (MiniApiServer.Application.CustomResources.CustomResourceKinds.IsEstablished(crd))
        {
            // Established is what crd_finalizer.go asks; the kinds come from this replica's registrar, which may be a
            // moment behind the cache the CRD was read from: an error requeues the key.
            _service.Registry.Refresh();
            var type = _service.Registry.ByStorageKey($"{plural}.{group}") is { IsCustom: true } served
                ? served
                : throw new InvalidOperationException($"the resources of CRD {name} are not served yet; its instances cannot be listed");
            await SetTerminatingAsync(name, "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", ct).ConfigureAwait(false);
            var remaining = _store.Cache.List(type.StorageKey, null).Items;
            foreach (var item in remaining)
            {
                try
                {
                    await _client.DeleteAsync(type, item.Namespace, item.Name, new DeleteOptions(PreconditionUid: item.Index.Uid), ct).ConfigureAwait(false);
                }
                catch (ApiException ex) when (ex.Code is 404 or 409)
                {
                    // Gone already, or replaced by a newer object that the next pass deletes.
                }
            }
            if (_store.Cache.List(type.StorageKey, null).Items.Count > 0)
            {
                // Instances held by their own finalizers: upstream polls every 5 s for a minute, then tries again.
                return ReconcileResult.After(InstancePoll);
            }
            (reason, message) = ("InstanceDeletionCompleted", "removed all instances");
        }
        else
        {
            (reason, message) = ("NeverEstablished", "resource was never established");
        }
        await _client.UpdateAsync<V1CustomResourceDefinition>("", name, c =>
        {
            SetCondition(c.Status ??= new V1CustomResourceDefinitionStatus(), "Terminating", "False", reason, message, _time.GetUtcNow().UtcDateTime);
            c.Metadata.Finalizers?.Remove(CustomResourceDefinitionDeletion.Finalizer);
            return true;
        }, status: true, ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private Task SetTerminatingAsync(string name, string value, string reason, string message, CancellationToken ct) =>
        _client.UpdateAsync<V1CustomResourceDefinition>("", name, c =>
        {
            var status = c.Status ??= new V1CustomResourceDefinitionStatus();
            var current = status.Conditions?.FirstOrDefault(x => x.Type == "Terminating");
            if (current is { } && current.Status == value && current.Reason == reason)
            {
                return false;
            }
            SetCondition(status, "Terminating", value, reason, message, _time.GetUtcNow().UtcDateTime);
            return true;
        }, status: true, ct);

    /// <summary>apihelpers.SetCRDCondition on the model; metav1.Time keeps whole seconds.</summary>
    private static void SetCondition(V1CustomResourceDefinitionStatus status, string type, string value, string reason, string message, DateTime now)
    {
        now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var conditions = status.Conditions ??= [];
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            conditions.Add(new V1CustomResourceDefinitionCondition { Status = value, Type = type, LastTransitionTime = now, Message = message, Reason = reason });
            return;
        }
        if (existing.Status != value || existing.LastTransitionTime is null)
        {
            existing.LastTransitionTime = now;
        }
        existing.Status = value;
        existing.Reason = reason;
        existing.Message = message;
    }
}
