using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>Decodes only metadata from stored JSON: the collector sees every object of every kind.</summary>
public static class MetadataReader
{
    public static V1ObjectMeta Read(byte[] json) =>
        JsonSerializer.Deserialize<MetadataOnly>(json, ModelCodec.Options)?.Metadata ?? new V1ObjectMeta();

    private sealed class MetadataOnly
    {
        [JsonPropertyName("metadata")]
        public V1ObjectMeta? Metadata { get; set; }
    }
}
