using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Application.Serialization.Protobuf;
using MiniApiServer.Http;

namespace MiniApiServer.Security.Reviews;

/// <summary>
/// The bodies of the create-only review kinds and TokenRequest, as JSON or YAML, or as the protobuf kubectl's
/// typed clients send (`kubectl auth can-i`, `create token`), decoded in k8s.io/api generated.proto numbering.
/// </summary>
public static class ReviewBody
{
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
        var raw = KubernetesProtobuf.Unwrap(body, out var apiVersion, out var kind);
        var obj = kind switch
        {
            "SelfSubjectAccessReview" => WithSpec(raw, SelfSubjectAccessReviewSpec),
            "SelfSubjectRulesReview" => WithSpec(raw, (spec, f, ref r) => KubernetesProtobuf.String(spec, "namespace", 1, f, ref r)),
            "TokenRequest" => WithSpec(raw, TokenRequestSpec),
            "SelfSubjectReview" => KubernetesProtobuf.ReadObject(raw, (_, _, ref _) => false),
            _ => throw ApiErrors.UnsupportedMediaType(MediaTypes.Protobuf),
        };
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject WithSpec(ReadOnlySpan<byte> raw, FieldReader spec) =>
        KubernetesProtobuf.ReadObject(raw, (obj, f, ref r) =>
        {
            if (f != 2)
            {
                return false;
            }
            obj["spec"] = KubernetesProtobuf.ReadMessage(r.ReadBytes(), spec);
            return true;
        });

    private static bool SelfSubjectAccessReviewSpec(JsonObject spec, int field, ref ProtoReader r)
    {
        switch (field)
        {
            case 1:
                spec["resourceAttributes"] = KubernetesProtobuf.ReadMessage(r.ReadBytes(), (a, f, ref ar) =>
                    KubernetesProtobuf.String(a, "namespace", 1, f, ref ar) || KubernetesProtobuf.String(a, "verb", 2, f, ref ar) || KubernetesProtobuf.String(a, "group", 3, f, ref ar) || KubernetesProtobuf.String(a, "version", 4, f, ref ar)
                    || KubernetesProtobuf.String(a, "resource", 5, f, ref ar) || KubernetesProtobuf.String(a, "subresource", 6, f, ref ar) || KubernetesProtobuf.String(a, "name", 7, f, ref ar));
                return true;
            case 2:
                spec["nonResourceAttributes"] = KubernetesProtobuf.ReadMessage(r.ReadBytes(), (a, f, ref ar) => KubernetesProtobuf.String(a, "path", 1, f, ref ar) || KubernetesProtobuf.String(a, "verb", 2, f, ref ar));
                return true;
            default:
                return false;
        }
    }

    private static bool TokenRequestSpec(JsonObject spec, int field, ref ProtoReader r)
    {
        switch (field)
        {
            case 1:
                KubernetesProtobuf.Append(spec, "audiences", r.ReadString());
                return true;
            case 4:
                spec["expirationSeconds"] = (long)r.ReadVarint();
                return true;
            default:
                return false;
        }
    }
}
