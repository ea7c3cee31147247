namespace MiniApiServer.Application.Objects;

public sealed record ListOptions(
    string? LabelSelector = null,
    string? FieldSelector = null,
    int? Limit = null,
    string? Continue = null,
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null)
{
    public static readonly ListOptions All = new();
}
