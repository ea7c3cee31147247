using System.Text.Json;

namespace MiniApiServer.Application.Patching;

/// <summary>A FieldsV1 set as a model's untyped <c>fieldsV1</c> holds it, and the JSON a stored form writes for it.</summary>
/// <remarks>Shared by every object of one shape: neither is ever changed.</remarks>
internal sealed record OwnedFields(JsonElement FieldsV1, byte[] Json);
