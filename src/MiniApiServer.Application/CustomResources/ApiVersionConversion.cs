using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// A CRD's conversion strategy None (pkg/apiserver/conversion/nop_converter.go): versions differ only in apiVersion.
/// </summary>
public sealed class ApiVersionConversion(string storageResource, string servedGroupVersion, string storedGroupVersion, string kind) : IVersionConversion
{
    public string StorageResource => storageResource;

    public JsonObject ToStorage(JsonObject served)
    {
        var apiVersion = served["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        if (apiVersion.Length > 0 && apiVersion != servedGroupVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({servedGroupVersion})");
        }
        var stored = served.DeepClone().AsObject();
        stored["apiVersion"] = storedGroupVersion;
        stored["kind"] ??= kind;
        return stored;
    }

    public JsonObject FromStorage(JsonObject stored)
    {
        var served = stored.DeepClone().AsObject();
        served["apiVersion"] = servedGroupVersion;
        return served;
    }

    public string? FieldSelectorToStorage(string? selector) => selector;
}
