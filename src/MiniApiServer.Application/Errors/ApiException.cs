namespace MiniApiServer.Application.Errors;

/// <summary>An error that reaches the client as a v1 Status with the given reason and code.</summary>
public sealed class ApiException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public StatusDetails? Details { get; init; }

    /// <summary>The serializer's own error, when a body did not fit its type: a merge or JSON patch reports it in its 422.</summary>
    public string? DecodeError { get; init; }

    /// <summary>The unstructured converter's words for the same failure, which a strategic merge patch's 422 carries.</summary>
    public string? ConverterError { get; init; }

    /// <summary>
    /// Warnings the request had gathered when it failed: kube-apiserver's warning recorder writes each one as a header as
    /// it is added, so an error response carries them too (kubectl prints them above the error).
    /// </summary>
    public IReadOnlyList<string>? Warnings { get; private set; }

    /// <summary>For an exception filter on the way out of a write: keeps the innermost request's warnings and never catches.</summary>
    public bool Carrying(IReadOnlyList<string> warnings)
    {
        if (Warnings is null && warnings.Count > 0)
        {
            Warnings = warnings;
        }
        return false;
    }
}
