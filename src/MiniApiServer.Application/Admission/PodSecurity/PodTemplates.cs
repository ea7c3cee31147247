using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// DefaultPodSpecExtractor (admission/admission.go): the workload resources whose pod template the plugin warns about,
/// and where each keeps it.
/// </summary>
public static class PodTemplates
{
    private static readonly string[] Spec = ["spec", "template"];
    private static readonly string[] JobTemplate = ["spec", "jobTemplate", "spec", "template"];
    private static readonly string[] Template = ["template"];

    /// <summary>The path to the kind's pod template, or null for a kind without one.</summary>
    public static string[]? PathOf(ResourceType type) => (type.Group, type.Plural) switch
    {
        ("", "replicationcontrollers") or ("apps", "replicasets" or "deployments" or "statefulsets" or "daemonsets") or ("batch", "jobs") => Spec,
        ("", "podtemplates") => Template,
        ("batch", "cronjobs") => JobTemplate,
        _ => null,
    };

    /// <summary>extractPodSpecFromTemplate: the template's metadata and spec, or null when there is no template.</summary>
    public static (V1ObjectMeta? Metadata, V1PodSpec Spec)? Extract(JsonObject obj, string[] path)
    {
        JsonNode? node = obj;
        foreach (var part in path)
        {
            node = (node as JsonObject)?[part];
        }
        if (node is not JsonObject template)
        {
            return null;
        }
        var decoded = ModelCodec.Decode<V1PodTemplateSpec>(template);
        return (decoded.Metadata, decoded.Spec ?? new V1PodSpec());
    }
}
