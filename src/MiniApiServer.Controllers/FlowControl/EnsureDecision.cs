using k8s.Models;
using MiniApiServer.Application.FlowControl;

namespace MiniApiServer.Controllers.FlowControl;

/// <summary>
/// pkg/registry/flowcontrol/ensurer (1.32): a missing bootstrap object is created; a mandatory one always gets the
/// bootstrap spec; a suggested one only while its apf.kubernetes.io/autoupdate-spec annotation is true (or, without a
/// readable annotation, while its generation is still 1, i.e. nobody edited it); an object the bootstrap no longer
/// names is deleted only when its annotation says true.
/// </summary>
public static class EnsureDecision
{
    public static EnsureAction Decide(V1ObjectMeta? desired, bool mandatory, V1ObjectMeta? current, bool specsEqual)
    {
        if (current is null)
        {
            return desired is null ? EnsureAction.None : EnsureAction.Create;
        }
        var annotation = ParseBool(current.Annotations is { } annotations && annotations.TryGetValue(FlowControlBootstrap.AutoUpdateAnnotation, out var value) ? value : null);
        if (desired is null)
        {
            return annotation == true ? EnsureAction.Delete : EnsureAction.None;
        }
        var autoUpdate = mandatory || (annotation ?? current.Generation == 1);
        if (!autoUpdate)
        {
            return annotation == false ? EnsureAction.None : EnsureAction.MarkNotAutoUpdated;
        }
        return specsEqual && annotation == true ? EnsureAction.None : EnsureAction.UpdateSpec;
    }

    /// <summary>strconv.ParseBool: null for anything it refuses (or a missing annotation).</summary>
    public static bool? ParseBool(string? value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };
}
