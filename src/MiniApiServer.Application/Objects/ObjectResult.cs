namespace MiniApiServer.Application.Objects;

/// <summary>The object a write produced, serialized, with the HTTP status kube-apiserver would answer and any warnings.</summary>
public sealed record ObjectResult(byte[] Json, int StatusCode, IReadOnlyList<string> Warnings, long ResourceVersion);
