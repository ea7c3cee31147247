using k8s.Models;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>Toleration matching from k8s.io/api/core/v1/toleration.go ToleratesTaint.</summary>
public static class Taints
{
    public static bool Tolerated(V1Taint taint, IEnumerable<V1Toleration> tolerations) =>
        tolerations.Any(t => Tolerates(t, taint));

    public static bool Tolerates(V1Toleration t, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(t.Effect) && t.Effect != taint.Effect)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(t.Key) && t.Key != taint.Key)
        {
            return false;
        }
        return t.OperatorProperty switch
        {
            "Exists" => true,
            "Equal" or "" or null => string.IsNullOrEmpty(t.Key) ? false : (t.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }
}
