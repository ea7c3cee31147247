namespace MiniApiServer.Application.Errors;

public sealed record StatusDetails(string? Name, string? Group, string? Kind, IReadOnlyList<StatusCause>? Causes = null, int? RetryAfterSeconds = null);
