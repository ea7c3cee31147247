using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>staging/src/k8s.io/api/core/v1/toleration.go ToleratesTaint.</summary>
public static class Tolerations
{
    public static bool Tolerate(IEnumerable<V1Toleration>? tolerations, V1Taint taint) =>
        tolerations?.Any(t => Tolerates(t, taint)) == true;

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }
        return toleration.OperatorProperty switch
        {
            "Exists" => true,
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }
}
