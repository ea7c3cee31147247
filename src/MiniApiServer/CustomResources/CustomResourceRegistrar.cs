using System.Text.Json.Nodes;
using MiniApiServer.Application.CustomResources;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Resources;
using MiniApiServer.OpenApi;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.CustomResources;

/// <summary>
/// Every replica's crdHandler: serves the resources of the stored CRDs that are established (or whose names are
/// accepted), from this replica's cache, before the server listens and again on each CRD change. Leader election is
/// not involved: whichever replica a request reaches must serve what the CRDs say.
/// </summary>
public sealed class CustomResourceRegistrar(ObjectStore store, ResourceRegistry registry, OpenApiDocumentStore openApi, ILogger<CustomResourceRegistrar> logger)
    : BackgroundService
{
    private readonly Dictionary<string, long> _served = [];
    private readonly Dictionary<string, string> _servingKeys = [];
    private long _checkedRevision = -1;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.SetRefresh(Refresh);
        Sync();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>A lookup's catch-up: only when the cache has moved since the last look, and only as far as this replica has read.</summary>
    private bool Refresh(bool catchUp)
    {
        if (catchUp)
        {
            // A lookup that missed: the CRD may be another replica's commit this one has not read yet.
            store.CatchUpForRead();
        }
        // Under the lock: a sync the watch has under way finishes first, so its registrations are seen after this returns.
        lock (_served)
        {
            return _checkedRevision != store.Cache.Revision && Sync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var watch = ListWatch.Start(store, new WatchSpec(registry.CustomResourceDefinitions.StorageKey, Capacity: 10_000));
                Sync();
                while (await watch.WaitAsync(stoppingToken).ConfigureAwait(false))
                {
                    while (watch.TryRead(out _))
                    {
                    }
                    Sync();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A watch that fell behind or a compacted revision: start again from the cache, which is the truth.
                logger.LogError(ex, "custom resource registrar watch failed; restarting it");
                Observability.ApiMetrics.CrdRegistrarFailures.Inc();
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private bool Sync()
    {
        lock (_served)
        {
            var (items, revision) = store.Cache.List(registry.CustomResourceDefinitions.StorageKey, null);
            _checkedRevision = revision;
            var changed = false;
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                present.Add(item.Name);
                if (_served.TryGetValue(item.Name, out var rv) && rv == item.ResourceVersion)
                {
                    continue;
                }
                _served[item.Name] = item.ResourceVersion;
                try
                {
                    var crd = JsonNode.Parse(item.Json) as JsonObject ?? [];
                    // Condition and storedVersions writes change nothing served: the kinds, and the watches on them, stay.
                    var key = CustomResourceKinds.ServingKey(crd);
                    if (_servingKeys.TryGetValue(item.Name, out var servedKey) && servedKey == key)
                    {
                        continue;
                    }
                    _servingKeys[item.Name] = key;
                    registry.SetCustom(item.Name, CustomResourceKinds.Of(crd));
                    changed = true;
                }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Text.Json.JsonException)
                {
                    // One CRD the server cannot read must not stop the others (nor fail the request that asked for a
                    // refresh): it is served no longer, and tried again when it changes.
                    logger.LogError(ex, "cannot serve the resources of CRD {Name}", item.Name);
                    Observability.ApiMetrics.CrdRegistrarFailures.Inc();
                    _servingKeys.Remove(item.Name);
                    registry.SetCustom(item.Name, []);
                    changed = true;
                }
            }
            foreach (var gone in _served.Keys.Where(k => !present.Contains(k)).ToList())
            {
                _served.Remove(gone);
                _servingKeys.Remove(gone);
                registry.SetCustom(gone, []);
                changed = true;
            }
            if (changed)
            {
                openApi.SetCustom(registry.Kinds.OfType<CustomResourceKind>());
            }
            return changed;
        }
    }
}
