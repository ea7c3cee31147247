using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// Per-kind rules applied on every write, whether it comes over HTTP or from an in-process controller
/// (the shape of kube-apiserver's registry strategies: PrepareForCreate, PrepareForUpdate, Validate).
/// Prepare and validate run together so a typed strategy decodes the object once per write.
/// </summary>
public interface IResourceStrategy
{
    bool Handles(ResourceType type);

    /// <summary>True when admission decodes the typed model itself (and so checks field types).</summary>
    bool DecodesModel { get; }

    /// <summary>Defaulting, create-time normalisation (status cleared, generation set, ...) and validation.</summary>
    JsonObject AdmitCreate(JsonObject obj, DateTimeOffset now, FieldErrors errors);

    /// <summary>Carries over what a client may not change (<paramref name="statusOnly"/> for /status), then validates.</summary>
    JsonObject AdmitUpdate(JsonObject obj, JsonObject old, bool statusOnly, FieldErrors errors);

    /// <summary>
    /// <see cref="AdmitUpdate(JsonObject, JsonObject, bool, FieldErrors)"/> given the stored version <paramref name="old"/>
    /// was parsed from: a typed strategy compares against its shared model instead of decoding <paramref name="old"/>.
    /// </summary>
    JsonObject AdmitUpdate(JsonObject obj, JsonObject old, StoredObject stored, bool statusOnly, FieldErrors errors);

    /// <summary>
    /// Whether the kind's upstream create validation starts with ValidateObjectMeta, so metadata causes lead its own.
    /// When not, rest.BeforeCreate (apiserver pkg/registry/rest/create.go) returns the strategy's causes alone and checks
    /// the metadata only once they are none. Updates lead with metadata for every kind (rest/update.go).
    /// </summary>
    bool CreateValidationChecksObjectMeta => true;
}
