using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

/// <summary>
/// The diff against the definition an update's owned fields follow (upstream's Compare): a path of the new object
/// changed when the old object has no such path, or, for a field, holds another value there; a path of the old object
/// is removed when the new object has no such path.
/// </summary>
public class FieldDiffTests
{
    private const string Old = """
        {"metadata":{"name":"p","labels":{"app":"web","tier":"front"},"finalizers":["a/x"]},
         "spec":{"containers":[{"name":"web","image":"nginx:1","args":["-v"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
                               {"name":"side","image":"proxy"}],
                 "securityContext":{},"nodeSelector":{"disk":"ssd"}},
         "status":{"phase":"Pending"}}
        """;

    public static TheoryData<string> Updates =>
    [
        Old,
        Old.Replace("\"tier\":\"front\"", "\"tier\":\"back\"", StringComparison.Ordinal),
        Old.Replace("nginx:1", "nginx:2", StringComparison.Ordinal),
        Old.Replace("{\"name\":\"B\",\"value\":\"2\"}", "{\"name\":\"C\",\"value\":\"2\"}", StringComparison.Ordinal),
        Old.Replace("[\"a/x\"]", "[\"a/x\",\"b/y\"]", StringComparison.Ordinal),
        Old.Replace("[\"-v\"]", "[\"-v\",\"-q\"]", StringComparison.Ordinal),
        Old.Replace("\"securityContext\":{}", "\"securityContext\":{\"runAsUser\":1}", StringComparison.Ordinal),
        Old.Replace("\"nodeSelector\":{\"disk\":\"ssd\"}", "\"nodeSelector\":\"ssd\"", StringComparison.Ordinal),
        Old.Replace("{\"name\":\"side\",\"image\":\"proxy\"}", "{\"name\":\"side\",\"image\":\"proxy\"},{\"name\":\"new\",\"image\":\"x\"}", StringComparison.Ordinal),
        Old.Replace("\"Pending\"", "\"Running\"", StringComparison.Ordinal),
    ];

    /// <summary>Both ways, from trees and from the bytes as they are (as an update reads the stored object).</summary>
    [Theory]
    [MemberData(nameof(Updates))]
    [MemberData(nameof(RawForms))]
    public void ChangedAndRemovedPaths_AreThoseTheDefinitionNames(string updated)
    {
        foreach (var (from, to) in new[] { (Old, updated), (updated, Old) })
        {
            var old = JsonNode.Parse(from)!.AsObject();
            var obj = JsonNode.Parse(to)!.AsObject();
            using var oldDoc = System.Text.Json.JsonDocument.Parse(from);
            using var objDoc = System.Text.Json.JsonDocument.Parse(to);

            AssertTheDefinition(old, obj, FieldDiff.Of(obj, old, typeof(V1Pod)));
            AssertTheDefinition(old, obj, FieldDiff.Of(objDoc.RootElement, oldDoc.RootElement, typeof(V1Pod)));
        }
    }

    [Fact]
    public void FromNothing_EveryPathChanged_NoneRemoved()
    {
        var obj = JsonNode.Parse(Old)!.AsObject();

        var (changed, removed) = FieldDiff.Of(obj, (JsonObject?)null, typeof(V1Pod));

        Assert.Equal(Sorted(ObjectPaths.Collect(obj, typeof(V1Pod)).Paths), Sorted(changed));
        Assert.Empty(removed);
    }

    /// <summary>Stored bytes read as they are: members in another order, escaped names, null members, a quote in a key.</summary>
    public static TheoryData<string> RawForms =>
    [
        """
        {"status":{"phase":"Pending"},
         "spec":{"nodeSelector":{"disk":"ssd"},"securityContext":{},
                 "containers":[{"env":[{"value":"2","name":"B"},{"name":"A","value":"1"}],"name":"web","args":["-v"],"image":"nginx:1"},
                               {"image":"proxy","name":"side"}]},
         "metadata":{"finalizers":["a/x"],"labels":{"tier":"front","app":"web"},"name":"p"}}
        """,
        Old.Replace("\"labels\":{\"app\"", "\"l\\u0061bels\":{\"\\u0061pp\"", StringComparison.Ordinal),
        Old.Replace("\"securityContext\":{}", "\"securityContext\":null,\"hostname\":null", StringComparison.Ordinal),
        Old.Replace("\"app\":\"web\"", "\"app\":\"web\",\"x\\\"y\":\"1\"", StringComparison.Ordinal),
    ];

    [Fact]
    public void ImageChange_IsTheOnlyChange()
    {
        var old = JsonNode.Parse(Old)!.AsObject();
        var obj = JsonNode.Parse(Old.Replace("nginx:1", "nginx:2", StringComparison.Ordinal))!.AsObject();

        var (changed, removed) = FieldDiff.Of(obj, old, typeof(V1Pod));

        Assert.Equal("f:spec\nf:containers\nk:{\"name\":\"web\"}\nf:image", Assert.Single(changed));
        Assert.Empty(removed);
    }

    private static void AssertTheDefinition(JsonObject old, JsonObject obj, (List<string> Changed, List<string> Removed) diff)
    {
        var oldSet = ObjectPaths.Collect(old, typeof(V1Pod));
        var newSet = ObjectPaths.Collect(obj, typeof(V1Pod));
        var expectedChanged = newSet.Paths.Where(p => !oldSet.Contains(p) || (!IsItem(p) && !Same(old, obj, p)));
        var expectedRemoved = oldSet.Paths.Where(p => !newSet.Contains(p));
        Assert.Equal(Sorted(expectedChanged), Sorted(diff.Changed.Distinct()));
        Assert.Equal(Sorted(expectedRemoved), Sorted(diff.Removed.Distinct()));
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> paths) => paths.OrderBy(p => p, StringComparer.Ordinal).ToList();

    private static bool IsItem(string path) => path[(path.LastIndexOf('\n') + 1)..][0] is 'k' or 'v';

    private static bool Same(JsonObject a, JsonObject b, string path) =>
        ObjectPaths.TryGet(a, path, out var left) && ObjectPaths.TryGet(b, path, out var right) && JsonNode.DeepEquals(left, right);
}
