using k8s.Models;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.Disruption;

/// <summary>
/// addPod/updatePod/deletePod and addDB/updateDB/removeDB: a budget is queued when it changes and when a pod it
/// selects changes. Upstream queues only the first of several budgets of a pod (and warns on the pod); every one is
/// queued here, so each keeps its own status current.
/// </summary>
public sealed class DisruptionEventHandlers(SharedInformers informers, WorkQueue<string> queue)
    : IInformerHandler<V1Pod>, IInformerHandler<V1PodDisruptionBudget>
{
    public static string Key(V1ObjectMeta meta) => ObjectKeys.Key(meta.NamespaceProperty ?? "", meta.Name);

    public void OnAdd(V1Pod obj) => QueueBudgetsOf(obj);

    public void OnUpdate(V1Pod oldObj, V1Pod newObj) => QueueBudgetsOf(newObj);

    public void OnDelete(V1Pod obj) => QueueBudgetsOf(obj);

    public void OnAdd(V1PodDisruptionBudget obj) => queue.Add(Key(obj.Metadata));

    public void OnUpdate(V1PodDisruptionBudget oldObj, V1PodDisruptionBudget newObj) => queue.Add(Key(newObj.Metadata));

    public void OnDelete(V1PodDisruptionBudget obj) => queue.Add(Key(obj.Metadata));

    /// <summary>GetPodPodDisruptionBudgets: in policy/v1 an empty selector matches every pod of the namespace.</summary>
    public static IEnumerable<V1PodDisruptionBudget> BudgetsOf(V1Pod pod, IEnumerable<V1PodDisruptionBudget> budgets)
    {
        var labels = (pod.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly();
        foreach (var pdb in budgets)
        {
            LabelSelector selector;
            try
            {
                selector = LabelSelector.FromModel(pdb.Spec?.Selector);
            }
            catch (FormatException)
            {
                continue;
            }
            if (selector.Matches(labels))
            {
                yield return pdb;
            }
        }
    }

    private void QueueBudgetsOf(V1Pod pod)
    {
        foreach (var pdb in BudgetsOf(pod, informers.PodDisruptionBudgets.ByIndex(SharedInformers.ByNamespace, pod.Metadata.NamespaceProperty ?? "")))
        {
            queue.Add(Key(pdb.Metadata));
        }
    }
}
