using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Objects;

/// <summary>A write through the scale subresource: the parent's Scale view after it, and the warnings it gathered.</summary>
public sealed record ScaleResult(JsonObject Scale, IReadOnlyList<string> Warnings);
