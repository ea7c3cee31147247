using System.Reflection;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Application.Serialization.Protobuf;
using MiniApiServer.Http;

namespace MiniApiServer.Security.Reviews;

/// <summary>
/// The bodies of the create-only review kinds and TokenRequest, as JSON or YAML, or as the protobuf kubectl's
/// typed clients send (`kubectl auth can-i`, `create token`), decoded through the generated.proto table like every other body.
/// </summary>
public static class ReviewBody
{
    /// <summary>
    /// The body as a JSON object, checked against <paramref name="model"/> first so a value of the wrong JSON type is
    /// the decoder's 400 (`TokenReview in version "v1" cannot be handled as a TokenReview: json: cannot unmarshal …`),
    /// as the create handler decodes every body before the REST storage reads it. A body naming another kind or
    /// apiVersion (a Pod sent to serviceaccounts/token) is refused as every create refuses it: handlers/create.go decodes
    /// into the endpoint's kind, and a body of another cannot be converted to it.
    /// </summary>
    public static async Task<JsonObject> ReadAsync(HttpRequest request, Type model)
    {
        var body = await ReadAsync(request).ConfigureAwait(false);
        var entity = model.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{model.Name} is no Kubernetes kind");
        ServedBody.Check(body, string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}", entity.Kind);
        ModelCodec.Decode(body, model);
        return body;
    }

    public static async Task<JsonObject> ReadAsync(HttpRequest request)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms, request.HttpContext.RequestAborted).ConfigureAwait(false);
        var bytes = ms.ToArray();
        var type = MediaTypes.BaseType(request.ContentType);
        if (type != MediaTypes.Protobuf)
        {
            return RequestBody.ParseObject(bytes, type is "application/yaml" or "application/x-yaml" or "text/yaml");
        }
        try
        {
            return Decode(bytes);
        }
        catch (FormatException ex)
        {
            throw ApiErrors.BadRequest($"the request body could not be decoded as protobuf: {ex.Message}");
        }
    }

    private static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        try
        {
            return KubernetesProtobuf.Decode(body);
        }
        catch (NotSupportedException)
        {
            throw ApiErrors.UnsupportedMediaType();
        }
    }
}
