using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// One resource's columns and cells, like a printers.go handler. Cells always include the
/// priority-1 (wide) columns: kube-apiserver generates tables with <c>GenerateOptions{Wide: true}</c>
/// and leaves it to the client to hide them.
/// </summary>
public abstract class RowPrinter
{
    public abstract IReadOnlyList<TableColumn> Columns { get; }

    public abstract JsonNode?[] Cells(JsonElement item, DateTimeOffset now);

    public virtual JsonArray? Conditions(JsonElement item) => null;

    /// <summary>The rows' order: the list's, unless printers.go's list handler sorts it (printFlowSchemaList).</summary>
    public virtual IReadOnlyList<byte[]> RowOrder(IReadOnlyList<byte[]> objects) => objects;

    protected static string Name(JsonElement item) => item.Obj("metadata").Str("name");

    protected static string AgeOf(JsonElement item, DateTimeOffset now) =>
        Age.Since(item.Obj("metadata").Time("creationTimestamp"), now);
}
