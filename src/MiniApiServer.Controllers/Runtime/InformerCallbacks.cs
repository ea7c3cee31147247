namespace MiniApiServer.Controllers.Runtime;

/// <summary>An informer handler from two callbacks: one for an object added or changed (its new state), one for its deletion.</summary>
public sealed class InformerCallbacks<T>(Action<T> changed, Action<T> deleted) : IInformerHandler<T>
{
    public void OnAdd(T obj) => changed(obj);

    public void OnUpdate(T oldObj, T newObj) => changed(newObj);

    public void OnDelete(T obj) => deleted(obj);
}
