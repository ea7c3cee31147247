namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>A CEL value of a library type whose receiver-style functions it answers itself (the authorizer library's).</summary>
public interface ICelReceiver
{
    string TypeName { get; }

    /// <summary>The function's value; a <see cref="CelException"/> for a function this type does not have.</summary>
    object? Call(string name, object?[] args);
}
