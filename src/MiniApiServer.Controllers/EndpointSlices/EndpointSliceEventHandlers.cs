using k8s.Models;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.EndpointSlices;

/// <summary>
/// Service keys from informer events, as endpointslice_controller.go's handlers: a Service event enqueues it; a
/// pod event enqueues every Service in its namespace whose selector matched the pod before or after; an event on
/// a slice this controller manages enqueues its Service, so a slice changed or deleted by someone else is repaired.
/// </summary>
public sealed class EndpointSliceEventHandlers(SharedInformers informers, WorkQueue<string> queue)
    : IInformerHandler<V1Service>, IInformerHandler<V1Pod>, IInformerHandler<V1EndpointSlice>
{
    public static string Key(V1ObjectMeta meta) => $"{meta.NamespaceProperty}/{meta.Name}";

    public void OnAdd(V1Service obj) => queue.Add(Key(obj.Metadata));
    public void OnUpdate(V1Service oldObj, V1Service newObj) => queue.Add(Key(newObj.Metadata));
    public void OnDelete(V1Service obj) => queue.Add(Key(obj.Metadata));

    public void OnAdd(V1Pod obj) => EnqueueServicesOf(obj.Metadata, null);
    public void OnUpdate(V1Pod oldObj, V1Pod newObj) => EnqueueServicesOf(newObj.Metadata, oldObj.Metadata.Labels);
    public void OnDelete(V1Pod obj) => EnqueueServicesOf(obj.Metadata, null);

    public void OnAdd(V1EndpointSlice obj) => EnqueueOwner(obj);
    public void OnUpdate(V1EndpointSlice oldObj, V1EndpointSlice newObj) => EnqueueOwner(newObj);
    public void OnDelete(V1EndpointSlice obj) => EnqueueOwner(obj);

    private void EnqueueOwner(V1EndpointSlice slice)
    {
        if (EndpointSliceBuilder.IsManaged(slice) && slice.Metadata.Labels?.TryGetValue(SharedInformers.ServiceNameLabel, out var svc) == true)
        {
            queue.Add($"{slice.Metadata.NamespaceProperty}/{svc}");
        }
    }

    private void EnqueueServicesOf(V1ObjectMeta pod, IDictionary<string, string>? oldLabels)
    {
        var labels = (pod.Labels ?? new Dictionary<string, string>()).AsReadOnly();
        var old = oldLabels?.AsReadOnly();
        foreach (var svc in informers.Services.ByIndex(SharedInformers.ByNamespace, pod.NamespaceProperty ?? ""))
        {
            if (svc.Spec?.Selector is not { Count: > 0 } selector)
            {
                continue;
            }
            var s = LabelSelector.FromModel(new V1LabelSelector { MatchLabels = selector });
            if (s.Matches(labels) || (old is not null && s.Matches(old)))
            {
                queue.Add(Key(svc.Metadata));
            }
        }
    }
}
