using System.Text.Json;

namespace MiniApiServer.Application.Patching;

/// <summary>A FieldsV1 set as a model's untyped <c>fieldsV1</c> holds it, and the JSON a stored form writes for it.</summary>
/// <remarks>Shared by every object of one shape: neither is ever changed.</remarks>
internal sealed record OwnedFields(JsonElement FieldsV1, byte[] Json)
{
    /// <summary>
    /// <see cref="FieldsV1"/> boxed once, as the model's <c>object</c>-typed member holds it: every object of the shape
    /// keeps this one box instead of one of its own.
    /// </summary>
    public object Boxed { get; } = FieldsV1;
}
