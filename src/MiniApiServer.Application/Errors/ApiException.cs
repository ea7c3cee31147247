namespace MiniApiServer.Application.Errors;

/// <summary>An error that reaches the client as a v1 Status with the given reason and code.</summary>
public sealed class ApiException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public StatusDetails? Details { get; init; }
}
