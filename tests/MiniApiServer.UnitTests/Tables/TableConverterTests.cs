using MiniApiServer.Application.Tables;
using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

public class TableConverterTests
{
    private static JsonObject Namespace() => Parse("""
        {
          "apiVersion": "v1", "kind": "Namespace",
          "metadata": { "name": "team-a", "uid": "u-1", "resourceVersion": "7", "labels": { "a": "b" }, "creationTimestamp": "2025-01-01T11:00:00Z" },
          "spec": { "finalizers": [ "kubernetes" ] },
          "status": { "phase": "Active" }
        }
        """);

    private static JsonObject Convert(TableIncludeObject include, bool headers = true) =>
        ToTable("", "namespaces", [Namespace()], "99", "next-token", include, Now, headers);

    [Fact]
    public void ToTable_Envelope_HasTableKindListMetaAndColumnDefinitions()
    {
        var table = Convert(TableIncludeObject.Metadata);

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("""{"resourceVersion":"99","continue":"next-token"}""", table["metadata"]!.Compact());
        Assert.Equal(
            """{"name":"Name","type":"string","format":"name","description":""" + JsonValue.Create(ColumnDocs.Name).Compact() + ""","priority":0}""",
            table["columnDefinitions"]![0]!.Compact());
        Assert.Equal("""["team-a","Active","60m"]""", Cells(table).Compact());
    }

    [Fact]
    public void ToTable_IncludeMetadata_RowObjectIsPartialObjectMetadata()
    {
        var row = Convert(TableIncludeObject.Metadata)["rows"]![0]!.AsObject();

        Assert.Equal(
            """{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":""" + Namespace()["metadata"]!.Compact() + "}",
            row["object"]!.Compact());
    }

    [Fact]
    public void ToTable_IncludeObject_RowObjectIsTheFullObject()
    {
        var source = Namespace();

        var table = ToTable("", "namespaces", [source], null, null, TableIncludeObject.Object, Now);

        var rowObject = table["rows"]![0]!["object"]!;
        Assert.True(JsonNode.DeepEquals(source, rowObject));
    }

    [Fact]
    public void ToTable_ObjectNestedDeeperThan64Levels_Prints()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"a":""", 200)) + "1" + new string('}', 200);
        var source = Parse("""{"metadata":{"name":"deep","creationTimestamp":"2025-01-01T11:00:00Z"},"spec":""" + deep + "}");

        var table = ToTable("example.com", "widgets", [source], null, null, TableIncludeObject.Object, Now);

        Assert.Equal("deep", Cells(table)[0]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(source, table["rows"]![0]!["object"]));
    }

    [Fact]
    public void ToTable_IncludeNone_RowHasNoObject()
    {
        var row = Convert(TableIncludeObject.None)["rows"]![0]!.AsObject();

        Assert.False(row.ContainsKey("object"));
        Assert.True(row.ContainsKey("cells"));
    }

    [Fact]
    public void ToTable_NoHeaders_ColumnDefinitionsNull()
    {
        var table = Convert(TableIncludeObject.None, headers: false);

        Assert.True(table.ContainsKey("columnDefinitions"));
        Assert.Null(table["columnDefinitions"]);
    }

    [Fact]
    public void ToTable_EmptyListWithoutVersion_HasEmptyRowsAndMetadata()
    {
        var table = ToTable("", "pods", [], null, null, TableIncludeObject.Metadata, Now);

        Assert.Equal("{}", table["metadata"]!.Compact());
        Assert.Empty(table["rows"]!.AsArray());
        Assert.Equal(9, table["columnDefinitions"]!.AsArray().Count);
    }

    [Fact]
    public void ToTable_WideColumns_HavePriorityOne()
    {
        var columns = ToTable("", "pods", [], null, null, TableIncludeObject.None, Now)["columnDefinitions"]!.AsArray();

        Assert.Equal(
            [0, 0, 0, 0, 0, 1, 1, 1, 1],
            columns.Select(c => c!["priority"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("rbac.authorization.k8s.io", "clusterroles")]
    [InlineData("rbac.authorization.k8s.io", "roles")]
    [InlineData("example.com", "widgets")]
    public void ToTable_ResourceWithoutPrinter_UsesNameAndCreatedAt(string group, string resource)
    {
        var table = Table(group, resource, Parse("""{"metadata":{"name":"admin","creationTimestamp":"2024-05-06T07:08:09Z"}}"""));

        Assert.Equal(["Name", "Created At"], ColumnNames(table));
        Assert.Equal("date", table["columnDefinitions"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("""["admin","2024-05-06T07:08:09Z"]""", Cells(table).Compact());
    }
}
