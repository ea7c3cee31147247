using k8s;
using k8s.Models;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// One cached object of an <see cref="Informer{T}"/>: the stored version, and its decoded model once someone has needed
/// it. The model is the version's shared, read-only one (<see cref="StoredObject.SharedModel"/>), so a first read
/// decodes at most once and every later reader gets the same instance, as client-go's indexer hands out its pointer.
/// </summary>
public sealed class InformerEntry<T>(StoredObject version, T? model)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private T? _model = model;

    public StoredObject Version { get; } = version;

    /// <summary>The model when kept or read already; null while only the bytes stand for it.</summary>
    public T? ModelIfRead => Volatile.Read(ref _model);

    public T Model()
    {
        if (Volatile.Read(ref _model) is { } model)
        {
            return model;
        }
        var decoded = ModelCodec.DecodeShared<T>(Version);
        return Interlocked.CompareExchange(ref _model, decoded, null) ?? decoded;
    }

    /// <summary>
    /// Lets the model go whether read or not, when the informer stops (its replica leads nothing): a standby keeps the
    /// stored versions for the next relist to compare with, not a decoded copy of the cluster.
    /// </summary>
    public void Release()
    {
        Volatile.Write(ref _model, null);
        Version.DropSharedModel();
    }

    /// <summary>
    /// Lets the version's model go when nobody has read it yet, so that only the store's bytes stay cached. A reader
    /// racing with this keeps the model it got in the entry; the version then decodes again for its next sharer.
    /// </summary>
    public void ReleaseUnread()
    {
        if (Volatile.Read(ref _model) is null)
        {
            Version.DropSharedModel();
        }
    }
}
