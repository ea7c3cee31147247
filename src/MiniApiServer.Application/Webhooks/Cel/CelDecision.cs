namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>kubernetes.authorization.Decision: the authorizer's answer to one check.</summary>
public sealed record CelDecision(bool Allowed, string Reason, string? Error) : ICelReceiver
{
    public string TypeName => "kubernetes.authorization.Decision";

    public object? Call(string name, object?[] args) => (name, args.Length) switch
    {
        ("allowed", 0) => Allowed,
        ("reason", 0) => Reason,
        ("errored", 0) => Error is not null,
        ("error", 0) => Error ?? "",
        _ => throw CelMethods.NoOverload(name, this, args),
    };
}
