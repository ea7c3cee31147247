using k8s;
using k8s.Models;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// cache.MetaNamespaceKeyFunc and SplitMetaNamespaceKey for the workload controllers' queues: a key is
/// "namespace/name", every object is enqueued once at start, and a sync looks its object up by key.
/// </summary>
public static class NamespacedKeys
{
    public static string Key(V1ObjectMeta meta) => $"{meta.NamespaceProperty}/{meta.Name}";

    public static void EnqueueAll<T>(this Informer<T> informer, WorkQueue<string> queue)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        foreach (var obj in informer.List())
        {
            queue.Add(Key(obj.Metadata));
        }
    }

    public static T? GetByKey<T>(this Informer<T> informer, string key)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return informer.Get(key[..slash], key[(slash + 1)..]);
    }
}
