using System.Collections.Frozen;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Discovery;

/// <summary>
/// The "group/version" of every APIService that names a Service, rebuilt only when an APIService changes (the cache's
/// change counter): a request under /apis asks it with a slice of its path, so with no such APIService (the usual case)
/// the proxy check costs no allocation and no lock.
/// </summary>
public sealed class ServiceBackedGroupVersions
{
    private readonly ObjectStore _store;
    private readonly string _key;
    private volatile Snapshot _snapshot = new(0, FrozenSet<string>.Empty);

    public ServiceBackedGroupVersions(ObjectStore store, ResourceRegistry registry)
    {
        _store = store;
        _key = registry.APIServices.StorageKey;
        store.Cache.TrackChanges(_key);
    }

    /// <param name="groupVersion">"group/version", as it stands in a path after /apis/.</param>
    public bool Contains(ReadOnlySpan<char> groupVersion)
    {
        var snapshot = Current();
        return snapshot.GroupVersions.Count > 0 && snapshot.GroupVersions.GetAlternateLookup<ReadOnlySpan<char>>().Contains(groupVersion);
    }

    private Snapshot Current()
    {
        var changes = _store.Cache.ChangesOf(_key);
        var snapshot = _snapshot;
        if (snapshot.Changes == changes)
        {
            return snapshot;
        }
        // Racing rebuilds compute the same set from the same objects; the last one published wins.
        var groupVersions = _store.Cache.List(_key, null).Items
            .Select(ModelCodec.DecodeShared<V1APIService>)
            .Where(a => a.Spec?.Service is not null && a.Spec.Group is { Length: > 0 })
            .Select(a => $"{a.Spec.Group}/{a.Spec.Version}")
            .ToFrozenSet(StringComparer.Ordinal);
        _snapshot = snapshot = new Snapshot(changes, groupVersions);
        return snapshot;
    }

    private sealed record Snapshot(long Changes, FrozenSet<string> GroupVersions);
}
