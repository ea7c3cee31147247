using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>The target's autoscaling/v1 Scale as the scale client returns it, with the resource it was read from.</summary>
public sealed record ScaleView(ResourceType Type, JsonObject Json, int SpecReplicas, string? Selector)
{
    public static ScaleView Of(ResourceType type, JsonObject scale) => new(
        type,
        scale,
        scale["spec"]?["replicas"]?.GetValue<int>() ?? 0,
        scale["status"]?["selector"]?.GetValue<string>());
}
