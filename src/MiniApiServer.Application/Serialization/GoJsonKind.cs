using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Serialization;

/// <summary>How encoding/json's UnmarshalTypeError names the JSON value it could not put in a Go type.</summary>
public static class GoJsonKind
{
    public static string Of(JsonNode node) => Of(node.GetValueKind());

    public static string Of(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };
}
