using k8s.Models;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Resources;

/// <summary>
/// A pod's index read off the model its stored bytes are encoded from: the labels, uid and selectable fields
/// (pkg/registry/core/pod/strategy.go ToSelectableFields, as PodKind lists them) that <see cref="ResourceIndexer"/>
/// reads off those bytes, without reading ~4.9 KB of JSON again on every pod write.
/// </summary>
/// <remarks>
/// The rules are the byte reader's: an absent or empty string is "", spec.hostNetwork is strconv.FormatBool's "true"
/// or "false", labels keep the model's order. Strings go through <see cref="Utf8StringPool"/>, so the index keeps the
/// instances the byte reader would have kept and not the model's, which an informer may drop.
/// </remarks>
public static class PodModelIndex
{
    /// <summary>Null for any model but a pod's: the writer reads those from their bytes.</summary>
    public static ObjectIndex? Of(object model) => model is V1Pod pod ? Of(pod) : null;

    private static ObjectIndex Of(V1Pod pod)
    {
        var meta = pod.Metadata;
        IDictionary<string, string> labels = new CompactMap<string>();
        if (meta?.Labels is { Count: > 0 } source)
        {
            if (source.Count > CompactMapConverter<string>.MaxCompact)
            {
                labels = new Dictionary<string, string>(source.Count, StringComparer.Ordinal);
            }
            foreach (var (key, value) in source)
            {
                labels[Utf8StringPool.Share(key)] = Utf8StringPool.Share(value ?? "");
            }
        }
        var spec = pod.Spec;
        var status = pod.Status;
        var fields = new CompactMap<string>
        {
            ["metadata.name"] = meta?.Name ?? "",
            ["metadata.namespace"] = Shared(meta?.NamespaceProperty),
            ["spec.nodeName"] = Shared(spec?.NodeName),
            ["spec.restartPolicy"] = Shared(spec?.RestartPolicy),
            ["spec.schedulerName"] = Shared(spec?.SchedulerName),
            ["spec.serviceAccountName"] = Shared(spec?.ServiceAccountName),
            ["spec.hostNetwork"] = spec?.HostNetwork == true ? "true" : "false",
            ["status.phase"] = Shared(status?.Phase),
            ["status.podIP"] = Shared(status?.PodIP),
            ["status.nominatedNodeName"] = Shared(status?.NominatedNodeName),
        };
        fields.TrimExcess();
        (labels as CompactMap<string>)?.TrimExcess();
        return new ObjectIndex((IReadOnlyDictionary<string, string>)labels, fields, meta?.Uid);
    }

    private static string Shared(string? value) => string.IsNullOrEmpty(value) ? "" : Utf8StringPool.Share(value);
}
