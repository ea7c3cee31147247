using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// Update admission on typed models: how an in-process writer's update is admitted without the new object
/// ever becoming JSON. It applies the same rules as <see cref="IResourceStrategy.AdmitUpdate"/> applies to a body.
/// </summary>
public interface ITypedUpdate
{
    /// <summary>
    /// Carries over what the writer may not change (status on the main resource; everything but status and metadata on
    /// /status), then PrepareForUpdate and ValidateUpdate. <paramref name="obj"/> is changed in place and returned;
    /// <paramref name="old"/> may share parts with it afterwards and is not to be changed or reused.
    /// </summary>
    object AdmitUpdateModel(object obj, object old, bool statusOnly, FieldErrors errors);
}
