namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// A CEL map whose fields are resolved on demand, so that a value nobody selects is never computed (a
/// ValidatingAdmissionPolicy's `variables`, each its own expression). Field selection and has() ask it; it has no size
/// and cannot be iterated.
/// </summary>
public interface ICelObject
{
    /// <summary>The field's value, or false when there is no such field. May throw a <see cref="CelException"/>.</summary>
    bool TryGetField(string name, out object? value);
}
