namespace MiniApiServer.Application.Webhooks.Cel;

internal enum CelTokenKind
{
    Identifier,
    Literal,
    Operator,
    End,
}

internal sealed record CelToken(CelTokenKind Kind, string Text, object? Value = null);
