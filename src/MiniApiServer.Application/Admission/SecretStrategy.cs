using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// Secrets: the write-only stringData is folded into data and never stored, and type defaults to Opaque
/// (upstream does both while decoding v1 into the internal version: Convert_v1_Secret_To_core_Secret and
/// SetDefaults_Secret in pkg/apis/core/v1), so create, update and every patch result are treated alike.
/// </summary>
public sealed class SecretStrategy(ResourceType type) : DefaultStrategy(type)
{
    private const string Opaque = "Opaque";

    public override JsonObject AdmitCreate(JsonObject obj, DateTimeOffset now, FieldErrors errors) => Normalize(obj);

    public override JsonObject AdmitUpdate(JsonObject obj, JsonObject old, bool statusOnly, FieldErrors errors)
    {
        Normalize(obj);
        // pkg/apis/core/validation ValidateSecretUpdate: the type of a secret never changes.
        var oldType = old["type"]?.GetValue<string>() ?? Opaque;
        var newType = obj["type"]!.GetValue<string>();
        if (newType != oldType)
        {
            errors.Immutable("type", newType);
        }
        return base.AdmitUpdate(obj, old, statusOnly, errors);
    }

    private static JsonObject Normalize(JsonObject obj)
    {
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj["data"] as JsonObject ?? new JsonObject();
            // stringData wins over data for the same key, as the conversion writes it last.
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            }
            obj["data"] = data;
        }
        obj.Remove("stringData");
        if (obj["type"] is not JsonValue t || t.GetValue<string>().Length == 0)
        {
            obj["type"] = Opaque;
        }
        return obj;
    }
}
