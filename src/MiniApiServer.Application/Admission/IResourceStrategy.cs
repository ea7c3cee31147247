using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// Per-kind rules applied on every write, whether it comes over HTTP or from an in-process controller
/// (the shape of kube-apiserver's registry strategies: PrepareForCreate, PrepareForUpdate, Validate).
/// </summary>
public interface IResourceStrategy
{
    bool Handles(ResourceType type);

    /// <summary>Defaulting and create-time normalisation (status cleared, generation set, ...).</summary>
    JsonObject PrepareForCreate(JsonObject obj, DateTimeOffset now);

    /// <summary>Carries over what a client may not change; <paramref name="statusOnly"/> for the /status subresource.</summary>
    JsonObject PrepareForUpdate(JsonObject obj, JsonObject old, bool statusOnly);

    void Validate(JsonObject obj, FieldErrors errors);

    void ValidateUpdate(JsonObject obj, JsonObject old, FieldErrors errors);
}
