using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// The create fast path's one-pass check answers exactly as the two separate walks the JsonNode path keeps for its
/// messages: no unknown field, and no null list item anywhere (also inside maps and untyped parts).
/// </summary>
public sealed class JsonShapeIsPlainTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"x"},"annotations":{"a":"b"}},
         "spec":{"containers":[{"name":"c","image":"i","env":[{"name":"E","value":"v"}],"ports":[{"containerPort":80}],
         "resources":{"requests":{"cpu":"100m"}}}],"nodeSelector":{"k":"v"},"tolerations":[{"operator":"Exists"}]}}
        """;

    [Theory]
    [InlineData(Pod, true)]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"bogus":1}}""", false)]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"bogus":null}}""", true)]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"containers":[null]}}""", false)]
    [InlineData("""{"metadata":{"name":"p","labels":{"a":null}}}""", true)]
    [InlineData("""{"metadata":{"name":"p","labels":{"a":[null]}}}""", false)]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","bogus":[null]}]}}""", false)]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"nodeSelector":{"k":{"deep":[1,null]}}}}""", false)]
    [InlineData("""[1,2]""", true)]
    [InlineData("""[null]""", false)]
    [InlineData("""7""", true)]
    public void Examples(string body, bool plain)
    {
        var json = Encoding.UTF8.GetBytes(body);
        Assert.Equal(plain, JsonShape.IsPlain(json, typeof(V1Pod)));
        Assert.Equal(plain, SeparateChecks(json));
    }

    [Fact]
    public void RandomBodies_AnswerAsTheSeparateChecks()
    {
        var random = new Random(20261204);
        var plain = 0;
        for (var i = 0; i < 3000; i++)
        {
            var root = JsonNode.Parse(Pod)!;
            for (var m = random.Next(0, 4); m > 0; m--)
            {
                Mutate(root, random);
            }
            var json = Encoding.UTF8.GetBytes(root.ToJsonString());
            var expected = SeparateChecks(json);
            plain += expected ? 1 : 0;
            Assert.True(expected == JsonShape.IsPlain(json, typeof(V1Pod)), $"disagree on {root.ToJsonString()}");
        }
        // Both answers occur often enough for the comparison to mean something.
        Assert.InRange(plain, 300, 2700);
    }

    private static bool SeparateChecks(byte[] json)
    {
        if (JsonShape.UnknownFields(json, typeof(V1Pod)).Count > 0)
        {
            return false;
        }
        try
        {
            JsonShape.RejectNullListItems(json);
            return true;
        }
        catch (ApiException)
        {
            return false;
        }
    }

    private static void Mutate(JsonNode root, Random random)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        var target = containers[random.Next(containers.Count)];
        JsonNode? value = random.Next(6) switch
        {
            0 => null,
            1 => new JsonArray(1, null),
            2 => new JsonObject { ["x"] = new JsonArray("a") },
            3 => "s",
            4 => new JsonArray(new JsonObject { ["y"] = null }),
            _ => new JsonObject(),
        };
        switch (target)
        {
            case JsonObject o when random.Next(2) == 0 && o.Count > 0:
                var key = o.ElementAt(random.Next(o.Count)).Key;
                o[key] = value;
                break;
            case JsonObject o:
                o[random.Next(3) == 0 ? "bogus" : "k" + random.Next(3)] = value;
                break;
            case JsonArray a:
                a.Insert(random.Next(a.Count + 1), value);
                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> containers)
    {
        if (node is JsonObject o)
        {
            containers.Add(o);
            foreach (var child in o.Select(p => p.Value).OfType<JsonNode>().ToList())
            {
                Collect(child, containers);
            }
        }
        else if (node is JsonArray a)
        {
            containers.Add(a);
            foreach (var child in a.OfType<JsonNode>().ToList())
            {
                Collect(child, containers);
            }
        }
    }
}
