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

    [Theory]
    [MemberData(nameof(Updates))]
    public void ChangedAndRemovedPaths_AreThoseTheDefinitionNames(string updated)
    {
        foreach (var (from, to) in new[] { (Old, updated), (updated, Old) })
        {
            var old = JsonNode.Parse(from)!.AsObject();
            var obj = JsonNode.Parse(to)!.AsObject();

            var (changed, removed) = FieldDiff.Of(obj, old, typeof(V1Pod));

            var oldSet = ObjectPaths.Collect(old, typeof(V1Pod));
            var newSet = ObjectPaths.Collect(obj, typeof(V1Pod));
            var expectedChanged = newSet.Paths.Where(p => !oldSet.Contains(p) || (!IsItem(p) && !Same(old, obj, p)));
            var expectedRemoved = oldSet.Paths.Where(p => !newSet.Contains(p));
            Assert.Equal(Sorted(expectedChanged), Sorted(changed.Distinct()));
            Assert.Equal(Sorted(expectedRemoved), Sorted(removed.Distinct()));
        }
    }

    [Fact]
    public void FromNothing_EveryPathChanged_NoneRemoved()
    {
        var obj = JsonNode.Parse(Old)!.AsObject();

        var (changed, removed) = FieldDiff.Of(obj, null, typeof(V1Pod));

        Assert.Equal(Sorted(ObjectPaths.Collect(obj, typeof(V1Pod)).Paths), Sorted(changed));
        Assert.Empty(removed);
    }

    [Fact]
    public void ImageChange_IsTheOnlyChange()
    {
        var old = JsonNode.Parse(Old)!.AsObject();
        var obj = JsonNode.Parse(Old.Replace("nginx:1", "nginx:2", StringComparison.Ordinal))!.AsObject();

        var (changed, removed) = FieldDiff.Of(obj, old, typeof(V1Pod));

        Assert.Equal("f:spec\nf:containers\nk:{\"name\":\"web\"}\nf:image", Assert.Single(changed));
        Assert.Empty(removed);
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> paths) => paths.OrderBy(p => p, StringComparer.Ordinal).ToList();

    private static bool IsItem(string path) => path[(path.LastIndexOf('\n') + 1)..][0] is 'k' or 'v';

    private static bool Same(JsonObject a, JsonObject b, string path) =>
        ObjectPaths.TryGet(a, path, out var left) && ObjectPaths.TryGet(b, path, out var right) && JsonNode.DeepEquals(left, right);
}
