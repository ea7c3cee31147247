namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>An expression this evaluator cannot compile (outside its subset of CEL) or one that fails as CEL fails it.</summary>
public sealed class CelException(string message) : Exception(message);
