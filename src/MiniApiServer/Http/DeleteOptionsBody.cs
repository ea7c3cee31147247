using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Http;

/// <summary>
/// A DELETE body must decode as DeleteOptions (handlers/delete.go, DeleteResource and DeleteCollection), or nothing is
/// deleted. The messages are the json serializer's: SimpleMetaFactory.Interpret (runtime/serializer/json/meta.go) reads
/// apiVersion and kind into an anonymous struct, which anything but an object or null fails; then Scheme.New
/// (runtime/scheme.go) knows no kind but DeleteOptions in the meta internalversion scheme that decodes it. kube-apiserver
/// 1.32 answers these with a 500; 1.35 (kubernetes#133358) made them the 400 given here, with the same message.
/// </summary>
internal static class DeleteOptionsBody
{
    private const string FindKindStruct = "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }";

    // The scheme's name is where metainternalversion's scheme/register.go creates it, as naming.GetNameFromCallsite
    // prints it for a -trimpath build (cut at "/pkg/", as kube-apiserver's "pkg/api/legacyscheme/scheme.go:30" is).
    private const string SchemeName = "pkg/apis/meta/internalversion/scheme/register.go:27";

    /// <summary>The body as an object, or null for a JSON null (which Go decodes as empty options); else a 400.</summary>
    public static JsonObject? Check(JsonNode? body)
    {
        if (body is null)
        {
            return null;
        }
        if (body is not JsonObject options)
        {
            throw ApiErrors.BadRequest($"couldn't get version/kind; json parse error: json: cannot unmarshal {GoJsonKind.Of(body)} into Go value of type {FindKindStruct}");
        }
        if (options["kind"] is JsonValue kind && kind.TryGetValue<string>(out var name) && name.Length > 0 && name != "DeleteOptions")
        {
            var version = options["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var apiVersion) && apiVersion.Length > 0 ? apiVersion : "meta.k8s.io/v1";
            throw ApiErrors.BadRequest($"no kind \"{name}\" is registered for version \"{version}\" in scheme \"{SchemeName}\"");
        }
        return options;
    }
}
