using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>ValidateControllerRevision / ValidateControllerRevisionUpdate: data is mandatory and immutable.</summary>
public sealed class ControllerRevisionStrategy(ResourceType type) : TypedStrategy<V1ControllerRevision>(type)
{
    protected override void Validate(V1ControllerRevision rev, FieldErrors errors)
    {
        if (rev.Data is null)
        {
            errors.Required("data", "data is mandatory");
        }
        if (rev.Revision < 0)
        {
            errors.Invalid("revision", rev.Revision, "must be greater than or equal to 0");
        }
    }

    protected override void ValidateUpdate(V1ControllerRevision rev, V1ControllerRevision old, FieldErrors errors)
    {
        Validate(rev, errors);
        if (System.Text.Json.JsonSerializer.Serialize(rev.Data, ModelCodec.Options) != System.Text.Json.JsonSerializer.Serialize(old.Data, ModelCodec.Options))
        {
            errors.Immutable("data", null);
        }
    }
}
