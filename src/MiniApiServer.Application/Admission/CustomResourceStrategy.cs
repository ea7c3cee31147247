using System.Text.Json.Nodes;
using MiniApiServer.Application.CustomResources;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// apiextensions-apiserver pkg/registry/customresource/strategy.go and status_strategy.go: generation starts at 1 and
/// grows with every change outside metadata (and outside status when the status subresource is on); with it on, main
/// writes keep the stored status and /status writes keep everything else, metadata included; the schema validates.
/// Pruning and defaulting happen earlier, in the decode (ResourceService.DecodeCustom), as upstream's codec does them.
/// </summary>
public sealed class CustomResourceStrategy(ResourceType type, JsonObject? schema) : IResourceStrategy
{
    public bool Handles(ResourceType t) => t == type;

    public bool DecodesModel => false;

    public JsonObject AdmitCreate(JsonObject obj, DateTimeOffset now, FieldErrors errors)
    {
        if (type.HasStatus)
        {
            obj.Remove("status");
        }
        ObjectMeta.Of(obj)["generation"] = 1;
        SchemaValidation.Validate(obj, schema, errors);
        ListTypeValidation.Validate(obj, schema, errors);
        ValidationRules.Validate(obj, null, schema, errors);
        return obj;
    }

    public JsonObject AdmitUpdate(JsonObject obj, JsonObject old, bool statusOnly, FieldErrors errors)
    {
        JsonObject result;
        if (type.HasStatus && statusOnly)
        {
            result = old.DeepClone().AsObject();
            // The write's own resourceVersion state stands (the store stamps the new one in; a second would be a repeat).
            ObjectMeta.Of(result).Remove("resourceVersion");
            if (ObjectMeta.Of(obj)["resourceVersion"] is { } resourceVersion)
            {
                ObjectMeta.Of(result)["resourceVersion"] = resourceVersion.DeepClone();
            }
            if (ObjectMeta.Of(obj)["managedFields"] is { } managedFields)
            {
                ObjectMeta.Of(result)["managedFields"] = managedFields.DeepClone();
            }
            else
            {
                ObjectMeta.Of(result).Remove("managedFields");
            }
            if (obj["status"] is { } status)
            {
                result["status"] = status.DeepClone();
            }
            else
            {
                result.Remove("status");
            }
        }
        else
        {
            result = obj;
            if (type.HasStatus)
            {
                if (old["status"] is { } oldStatus)
                {
                    result["status"] = oldStatus.DeepClone();
                }
                else
                {
                    result.Remove("status");
                }
            }
        }
        var generation = ObjectMeta.Of(old)["generation"] is JsonValue g && g.TryGetValue<long>(out var n) ? n : 0;
        ObjectMeta.Of(result)["generation"] = ChangedOutsideMetadata(result, old, ignoreStatus: type.HasStatus) ? generation + 1 : generation;
        var found = new FieldErrors();
        if (type.HasStatus && statusOnly)
        {
            SchemaValidation.ValidateStatus(result, schema, found);
            ListTypeValidation.Validate(result, schema?["properties"]?["status"] as JsonObject, found, root: "status");
        }
        else
        {
            SchemaValidation.Validate(result, schema, found);
            ListTypeValidation.Validate(result, schema, found);
        }
        foreach (var cause in found.Causes.Where(c => !SchemaRatcheting.Unchanged(result, old, c)))
        {
            errors.Add(cause);
        }
        // status_strategy.go runs the rules over the whole object for a /status write too; they ratchet on their own.
        ValidationRules.Validate(result, old, schema, errors);
        return result;
    }

    public JsonObject AdmitUpdate(JsonObject obj, JsonObject old, StoredObject stored, bool statusOnly, FieldErrors errors) =>
        AdmitUpdate(obj, old, statusOnly, errors);

    private static bool ChangedOutsideMetadata(JsonObject obj, JsonObject old, bool ignoreStatus)
    {
        // apiVersion and kind are the request's (an object stored under an earlier storage version differs in apiVersion only).
        static bool Counted(string key, bool ignoreStatus) => key is not ("metadata" or "apiVersion" or "kind") && !(ignoreStatus && key == "status");
        var keys = obj.Select(p => p.Key).Concat(old.Select(p => p.Key)).Where(k => Counted(k, ignoreStatus)).Distinct();
        return keys.Any(k => !JsonNode.DeepEquals(obj[k], old[k]));
    }
}
