using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Http;

public static class MediaTypes
{
    public const string Protobuf = "application/vnd.kubernetes.protobuf";

    /// <summary>kubectl asks for Tables with "application/json;as=Table;v=v1;g=meta.k8s.io" first in Accept.</summary>
    public static bool WantsTable(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("as=Table", StringComparison.Ordinal);
    }

    /// <summary>TableOptions.includeObject, checked as ValidateTableOptions and refused as optionsForTransform refuses it.</summary>
    public static TableIncludeObject IncludeObject(HttpRequest request) => request.Query["includeObject"].ToString() switch
    {
        "None" => TableIncludeObject.None,
        "Object" => TableIncludeObject.Object,
        "" or "Metadata" => TableIncludeObject.Metadata,
        var other => throw ApiErrors.BadRequest(
            $"Unable to convert to Table as requested: includeObject: Invalid value: {GoSyntax.Quote(other)}: must be 'Metadata', 'Object', 'None', or empty"),
    };

    public static string BaseType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return "";
        }
        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semi < 0 ? contentType : contentType[..semi]).Trim().ToLowerInvariant();
    }
}
