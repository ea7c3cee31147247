namespace MiniApiServer.Controllers.Runtime;

/// <summary>Informer callbacks. Implementations only turn events into queue keys; they never write.</summary>
public interface IInformerHandler<in T>
{
    void OnAdd(T obj);

    void OnUpdate(T oldObj, T newObj);

    void OnDelete(T obj);
}
