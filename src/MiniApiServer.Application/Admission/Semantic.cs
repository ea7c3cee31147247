using System.Text.Json;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>apiequality.Semantic.DeepEqual for models: equal when they encode to the same JSON.</summary>
public static class Semantic
{
    public static bool DeepEqual(object? a, object? b) => Json(a) == Json(b);

    private static string Json(object? o) => o is null ? "null" : JsonSerializer.Serialize(o, o.GetType(), ModelCodec.Options);
}
