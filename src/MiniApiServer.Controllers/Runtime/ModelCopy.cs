using System.Text.Json;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>DeepCopy for models: informer objects are shared, so a controller changes only its own copy.</summary>
public static class ModelCopy
{
    public static T Of<T>(T model)
        where T : class =>
        ModelCodec.Decode<T>(JsonSerializer.SerializeToUtf8Bytes(model, ModelCodec.Options));
}
