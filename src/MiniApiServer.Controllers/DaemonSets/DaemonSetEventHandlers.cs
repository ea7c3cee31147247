using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// Turns informer events into DaemonSet keys, following the handlers of daemon_controller.go: owned
/// pods and revisions enqueue their owner; orphans enqueue every DaemonSet whose selector matches; node
/// events enqueue DaemonSets only when labels, taints or schedulability change. Pod events of owned pods
/// also observe the controller's expectations (addPod/updatePod/deletePod).
/// </summary>
public sealed class DaemonSetEventHandlers(SharedInformers informers, WorkQueue<string> queue, ControllerExpectations expectations)
    : IInformerHandler<V1DaemonSet>, IInformerHandler<V1Pod>, IInformerHandler<V1Node>, IInformerHandler<V1ControllerRevision>
{
    public static string Key(V1ObjectMeta meta) => NamespacedKeys.Key(meta);

    public void OnAdd(V1DaemonSet obj) => queue.Add(Key(obj.Metadata));

    public void OnUpdate(V1DaemonSet oldObj, V1DaemonSet newObj)
    {
        // A new uid under the same name is a delete of the old DaemonSet and an add of the new one.
        if (oldObj.Metadata.Uid != newObj.Metadata.Uid)
        {
            expectations.DeleteExpectations(Key(oldObj.Metadata));
        }
        queue.Add(Key(newObj.Metadata));
    }

    public void OnDelete(V1DaemonSet obj)
    {
        expectations.DeleteExpectations(Key(obj.Metadata));
        queue.Add(Key(obj.Metadata));
    }

    public void OnAdd(V1Pod obj)
    {
        // A pod already terminating when first seen (e.g. after a relist) counts as a deletion, as addPod does.
        if (obj.Metadata.DeletionTimestamp is not null)
        {
            OnDelete(obj);
            return;
        }
        if (Owner(obj.Metadata) is { } ds)
        {
            expectations.CreationObserved(Key(ds.Metadata));
        }
        EnqueueFor(obj.Metadata);
    }

    public void OnUpdate(V1Pod oldObj, V1Pod newObj)
    {
        // updatePod: a graceful deletion is observed as soon as deletionTimestamp is set, so a replacement
        // can be planned without waiting for the kubelet; each such update counts (upstream overshoots too).
        if (newObj.Metadata.DeletionTimestamp is not null)
        {
            if (DaemonPods.ControllerRef(oldObj.Metadata)?.Uid != DaemonPods.ControllerRef(newObj.Metadata)?.Uid)
            {
                EnqueueFor(oldObj.Metadata);
            }
            OnDelete(newObj);
            return;
        }
        EnqueueFor(newObj.Metadata);
        if (DaemonPods.ControllerRef(oldObj.Metadata)?.Uid != DaemonPods.ControllerRef(newObj.Metadata)?.Uid)
        {
            EnqueueFor(oldObj.Metadata);
        }
        // A pod that just turned Ready becomes available minReadySeconds later without another event.
        if (!DaemonPods.IsReady(oldObj) && DaemonPods.IsReady(newObj) && Owner(newObj.Metadata) is { Spec.MinReadySeconds: > 0 } ds)
        {
            queue.AddAfter(Key(ds.Metadata), TimeSpan.FromSeconds(ds.Spec.MinReadySeconds!.Value + 1));
        }
    }

    public void OnDelete(V1Pod obj)
    {
        if (Owner(obj.Metadata) is { } ds)
        {
            expectations.DeletionObserved(Key(ds.Metadata));
        }
        EnqueueFor(obj.Metadata);
    }

    public void OnAdd(V1Node obj) => EnqueueAll();

    public void OnUpdate(V1Node oldObj, V1Node newObj)
    {
        if (!SameLabels(oldObj.Metadata.Labels, newObj.Metadata.Labels)
            || !SameTaints(oldObj.Spec?.Taints, newObj.Spec?.Taints))
        {
            EnqueueAll();
        }
    }

    public void OnDelete(V1Node obj) => EnqueueAll();

    public void OnAdd(V1ControllerRevision obj) => EnqueueFor(obj.Metadata);
    public void OnUpdate(V1ControllerRevision oldObj, V1ControllerRevision newObj) => EnqueueFor(newObj.Metadata);
    public void OnDelete(V1ControllerRevision obj) => EnqueueFor(obj.Metadata);

    private V1DaemonSet? Owner(V1ObjectMeta meta)
    {
        var owner = DaemonPods.ControllerRef(meta);
        if (owner is not { Kind: "DaemonSet" })
        {
            return null;
        }
        var ds = informers.DaemonSets.Get(meta.NamespaceProperty ?? "", owner.Name);
        return ds?.Metadata.Uid == owner.Uid ? ds : null;
    }

    private void EnqueueFor(V1ObjectMeta meta)
    {
        var owner = DaemonPods.ControllerRef(meta);
        if (owner is not null)
        {
            if (owner.Kind == "DaemonSet")
            {
                queue.Add($"{meta.NamespaceProperty}/{owner.Name}");
            }
            return;
        }
        var labels = (IReadOnlyDictionary<string, string>)(meta.Labels ?? new Dictionary<string, string>()).AsReadOnly();
        foreach (var ds in informers.DaemonSets.ByIndex(SharedInformers.ByNamespace, meta.NamespaceProperty ?? ""))
        {
            if (NodeEligibility.Selector(ds).Matches(labels))
            {
                queue.Add(Key(ds.Metadata));
            }
        }
    }

    private void EnqueueAll()
    {
        foreach (var ds in informers.DaemonSets.List())
        {
            queue.Add(Key(ds.Metadata));
        }
    }

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? new Dictionary<string, string>()).All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static bool SameTaints(IList<V1Taint>? a, IList<V1Taint>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0)
        && (a ?? []).Zip(b ?? []).All(p => p.First.Key == p.Second.Key && p.First.Value == p.Second.Value && p.First.Effect == p.Second.Effect);
}
