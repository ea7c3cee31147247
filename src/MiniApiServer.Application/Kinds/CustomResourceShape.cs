using System.Text.Json.Serialization;
using k8s.Models;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// What server-side apply and the managedFields diff know of a custom resource's structure without its schema: the
/// type fields and ObjectMeta (finalizers a set, owner references keyed by uid, labels a map), as structured-merge-diff
/// knows metadata for every CR. The rest is untyped: maps merge by key, lists are atomic.
/// </summary>
public sealed class CustomResourceShape
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta? Metadata { get; set; }
}
