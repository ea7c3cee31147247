using k8s.Models;
using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// The HPA controller's hpaSelectors (pkg/controller/podautoscaler/horizontal.go, selectors.BiMultimap): each
/// autoscaler's target selector as last reconciled, so that pods two autoscalers would both scale are found and
/// neither acts on them (AmbiguousSelector).
/// </summary>
public sealed class HpaSelectors
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Namespace, LabelSelector Selector)> _byHpa = new(StringComparer.Ordinal);

    /// <summary>PutSelector, then hpasControllingPodsUnderSelector: the autoscalers (this one included) whose selectors take any of the pods, sorted.</summary>
    public List<string> Put(string key, string ns, LabelSelector selector, IReadOnlyList<V1Pod> pods)
    {
        lock (_lock)
        {
            _byHpa[key] = (ns, selector);
            var controlling = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (hpa, (hpaNamespace, hpaSelector)) in _byHpa)
            {
                if (hpaNamespace == ns && pods.Any(p => hpaSelector.Matches((p.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly())))
                {
                    controlling.Add(hpa);
                }
            }
            return [.. controlling];
        }
    }

    public void Remove(string key)
    {
        lock (_lock)
        {
            _byHpa.Remove(key);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _byHpa.Clear();
        }
    }
}
