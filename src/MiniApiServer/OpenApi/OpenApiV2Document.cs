using System.Text;

namespace MiniApiServer.OpenApi;

/// <summary>
/// The /openapi/v2 document kubectl fetches (only as gnostic protobuf, openapi_v2.Document) when a manifest's
/// kind is missing from /openapi/v3: its client-side schema validation looks the kind up there and skips
/// validation for kinds the document lacks (kubectl pkg/validation/schema.go validateResource). Serving a
/// document without definitions gives the same outcome a real cluster gives for an unknown kind, so
/// kubectl goes on to its REST mapper and prints `no matches for kind "X" in version "Y"`. Kinds this
/// server serves are in /openapi/v3, which kubectl reads first, so their validation is unchanged.
/// </summary>
public static class OpenApiV2Document
{
    public const string ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>swagger = 1 and info = 2 (title = 1, version = 2) in gnostic's openapiv2 OpenAPIv2.proto.</summary>
    public static byte[] Encode(string version)
    {
        var info = Concat(Field(1, "Kubernetes"), Field(2, version));
        return Concat(Field(1, "2.0"), Field(2, info));
    }

    private static byte[] Field(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int number, byte[] value)
    {
        // Length-delimited (wire type 2); every length here fits one varint byte.
        if (value.Length > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "longer than a one-byte varint length");
        }
        return [(byte)((number << 3) | 2), (byte)value.Length, .. value];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
