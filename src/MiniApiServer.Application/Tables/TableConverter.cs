using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Builds <c>meta.k8s.io/v1</c> Table responses (for <c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>)
/// the way kube-apiserver's TableConvertor plus the endpoint handler's <c>asTable</c> do.
/// </summary>
public static class TableConverter
{
    public const string ApiVersion = "meta.k8s.io/v1";

    /// <param name="group">API group of the resource ("" for core).</param>
    /// <param name="resource">Plural resource name, e.g. "pods".</param>
    /// <param name="objects">The items (one for a GET of a single object), as Kubernetes JSON. They are not modified.</param>
    /// <param name="listResourceVersion">Table metadata.resourceVersion (the list's, or the object's for a single GET).</param>
    /// <param name="continueToken">Table metadata.continue.</param>
    /// <param name="include">What rows[].object carries (the includeObject query parameter; kubectl's default is Metadata).</param>
    /// <param name="now">Clock used for Age-style cells.</param>
    /// <param name="includeColumnDefinitions">False for TableOptions.noHeaders.</param>
    public static JsonObject ToTable(
        string group,
        string resource,
        IReadOnlyList<JsonObject> objects,
        string? listResourceVersion,
        string? continueToken,
        TableIncludeObject include,
        DateTimeOffset now,
        bool includeColumnDefinitions = true)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(objects);

        var printer = PrinterRegistry.For(group, resource);
        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(listResourceVersion))
        {
            metadata["resourceVersion"] = listResourceVersion;
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        var rows = new JsonArray();
        foreach (var item in objects)
        {
            rows.Add(Row(printer, item, include, now));
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = ApiVersion,
            ["metadata"] = metadata,
            // Upstream leaves the slice nil with noHeaders, which serializes as null.
            ["columnDefinitions"] = includeColumnDefinitions
                ? new JsonArray([.. printer.Columns.Select(c => (JsonNode)c.ToJson())])
                : null,
            ["rows"] = rows,
        };
    }

    private static JsonObject Row(RowPrinter printer, JsonObject item, TableIncludeObject include, DateTimeOffset now)
    {
        var row = new JsonObject { ["cells"] = new JsonArray(printer.Cells(item, now)) };
        if (printer.Conditions(item) is { } conditions)
        {
            row["conditions"] = conditions;
        }

        switch (include)
        {
            case TableIncludeObject.Object:
                row["object"] = item.DeepClone();
                break;
            case TableIncludeObject.Metadata:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = ApiVersion,
                    ["metadata"] = item["metadata"]?.DeepClone() ?? new JsonObject(),
                };
                break;
        }

        return row;
    }
}
