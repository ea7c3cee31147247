using System.Text.Json;
using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// Reads from stored JSON only the metadata the collector uses: uid, ownerReferences, deletionTimestamp and finalizers.
/// The collector sees every version of every object (a node's lease renewals, each pod status), so it reads forward
/// and stops at the end of the object's metadata instead of decoding the rest.
/// </summary>
public static class MetadataReader
{
    public static V1ObjectMeta Read(byte[] json)
    {
        var meta = new V1ObjectMeta();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return meta;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (!isMetadata)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadMetadata(ref reader, meta);
            }
            // A stored object has one metadata; nothing after it is the collector's.
            return meta;
        }
        return meta;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, V1ObjectMeta meta)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("uid"u8))
            {
                reader.Read();
                meta.Uid = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("ownerReferences"u8))
            {
                reader.Read();
                meta.OwnerReferences = JsonSerializer.Deserialize<IList<V1OwnerReference>>(ref reader, ModelCodec.Options);
            }
            else if (reader.ValueTextEquals("deletionTimestamp"u8))
            {
                reader.Read();
                meta.DeletionTimestamp = JsonSerializer.Deserialize<DateTime?>(ref reader, ModelCodec.Options);
            }
            else if (reader.ValueTextEquals("finalizers"u8))
            {
                reader.Read();
                meta.Finalizers = JsonSerializer.Deserialize<IList<string>>(ref reader, ModelCodec.Options);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }
}
