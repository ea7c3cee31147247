using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// A strategy that can hand back the admitted typed model instead of JSON, so a create serializes the model
/// once, straight to its stored bytes, rather than through a JsonNode and a second serialization.
/// </summary>
public interface ITypedCreate
{
    Type ModelType { get; }

    /// <summary>Decode, PrepareForCreate and Validate, exactly as AdmitCreate does, without the final encode.</summary>
    object AdmitCreateModel(System.Text.Json.Nodes.JsonObject obj, DateTimeOffset now, FieldErrors errors);

    /// <summary>PrepareForCreate and Validate on a model built in process; it is changed in place.</summary>
    object AdmitCreateModel(object model, DateTimeOffset now, FieldErrors errors);
}
