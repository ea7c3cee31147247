using k8s.Models;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>Toleration matching as staging/src/k8s.io/api/core/v1/toleration.go ToleratesTaint and v1helper.GetMatchingTolerations.</summary>
public static class TaintToleration
{
    public static bool Tolerates(V1Toleration toleration, V1Taint taint) => Scheduling.Plugins.Tolerations.Tolerates(toleration, taint);

    /// <summary>Whether every taint is tolerated, and the first toleration that matched each taint.</summary>
    public static (bool AllTolerated, List<V1Toleration> Used) Match(IEnumerable<V1Taint> taints, IList<V1Toleration>? tolerations)
    {
        var used = new List<V1Toleration>();
        foreach (var taint in taints)
        {
            var match = tolerations?.FirstOrDefault(t => Tolerates(t, taint));
            if (match is null)
            {
                return (false, []);
            }
            used.Add(match);
        }
        return (true, used);
    }
}
