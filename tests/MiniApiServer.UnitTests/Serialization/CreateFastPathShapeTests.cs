using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Patching;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// The create fast path (a null-item scan, then a decode that stops at a field the model does not define) takes a
/// body only when the two walks the JsonNode path keeps for its messages find nothing: no unknown field, and no null
/// list item anywhere (also inside maps and untyped parts).
/// </summary>
public sealed class CreateFastPathShapeTests
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
        Assert.Equal(plain, SeparateChecks(json));
        Assert.Equal(!NoNullListItem(json), JsonShape.NeedsJsonNodePath(json));
        if (ModelCodec.TryDecodeBody(json, typeof(V1Pod)) is not null)
        {
            Assert.True(plain);
        }
    }

    [Fact]
    public void ListsNestedDeeperThan64_AreLeftToTheJsonNodePath()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70));
        var json = Encoding.UTF8.GetBytes("""{"metadata":{"name":"p"},"spec":{"nodeSelector":{"k":{"x":""" + deep + "}}}}");

        Assert.True(NoNullListItem(json));
        Assert.True(JsonShape.NeedsJsonNodePath(json));
    }

    [Fact]
    public void RandomBodies_AnswerAsTheSeparateChecks()
    {
        var random = new Random(20261204);
        var plain = 0;
        var taken = 0;
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
            Assert.True(NoNullListItem(json) != JsonShape.NeedsJsonNodePath(json), $"null items disagree on {root.ToJsonString()}");
            if (ModelCodec.TryDecodeBody(json, typeof(V1Pod)) is not null)
            {
                taken++;
                Assert.True(expected, $"fast path took {root.ToJsonString()}");
            }
        }
        // Both answers occur often enough for the comparison to mean something, and the fast path takes most plain
        // bodies (a mutation can also give a field a value of the wrong type, which it leaves to the JsonNode path).
        Assert.InRange(plain, 300, 2700);
        Assert.InRange(taken, plain / 3, plain);
    }

    // The decode refuses what its contract does not map; the JsonNode path warns about what the schema walk does not
    // know. For the fast path to take no body that path would warn about, both must know the same fields.
    [Fact]
    public void EveryModelType_DecoderAndSchemaKnowTheSameFields()
    {
        var compared = 0;
        var models = typeof(V1Pod).Assembly.GetTypes().Where(t => t.IsClass && t.IsPublic && !t.ContainsGenericParameters && ModelSchema.HasFields(t));
        foreach (var type in models)
        {
            var info = ModelCodec.Options.GetTypeInfo(type);
            if (info.Kind != JsonTypeInfoKind.Object)
            {
                continue;
            }
            var decoded = info.Properties.Where(p => p.Set is not null).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            var named = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).OfType<string>().Order(StringComparer.Ordinal).ToList();
            Assert.True(decoded.SequenceEqual(named), $"{type.Name}: decoder [{string.Join(",", decoded)}], JSON names [{string.Join(",", named)}]");
            Assert.All(decoded, n => Assert.NotNull(ModelSchema.Property(type, n)));
            compared++;
        }
        Assert.InRange(compared, 300, 5000);
    }

    private static bool SeparateChecks(byte[] json) => JsonShape.UnknownFields(json, typeof(V1Pod)).Count == 0 && NoNullListItem(json);

    private static bool NoNullListItem(byte[] json)
    {
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
    [Theory]
    [InlineData("""{"a":1,"a":2}""", true)]
    [InlineData("""{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}""", false)]
    [InlineData("""{"a":{"x":1},"b":{"x":1,"y":2,"x":3}}""", true)]
    [InlineData("""{"c":[{"k":1,"k":1}]}""", true)]
    [InlineData("""{"ab":1,"a":2,"abc":3}""", false)]
    [InlineData("""{"a":1,"\u0061":2}""", true)]
    [InlineData("""{"\u0062":1}""", true)]
    [InlineData("""{"k":{"k":{"k":{}}},"k2":{"k":1}}""", false)]
    public void DuplicateAndEscapedKeys_AreLeftToTheJsonNodePath(string body, bool expected)
    {
        Assert.Equal(expected, JsonShape.NeedsJsonNodePath(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(65, true)]
    [InlineData(20_000, true)]
    public void AnObjectWithMoreKeysThanAnyModel_IsLeftToTheJsonNodePath(int keys, bool expected)
    {
        var map = string.Join(",", Enumerable.Range(0, keys).Select(i => $"\"k{i}\":\"v\""));
        var json = Encoding.UTF8.GetBytes("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{" + map + "}}");

        Assert.Equal(expected, JsonShape.NeedsJsonNodePath(json));
        Assert.Equal(expected, ModelCodec.TryDecodeBody(json, typeof(V1ConfigMap)) is null);
    }

    [Fact]
    public void RandomObjects_FlagDuplicatesExactlyWhereADocumentRefusesThem()
    {
        var random = new Random(18);
        var duplicates = 0;
        for (var i = 0; i < 5000; i++)
        {
            var json = Encoding.UTF8.GetBytes(RandomValue(random, 0));
            bool refused;
            try
            {
                using var _ = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
                refused = false;
            }
            catch (JsonException)
            {
                refused = true;
            }
            duplicates += refused ? 1 : 0;
            var nullItem = !NoNullListItem(json);
            Assert.True(JsonShape.NeedsJsonNodePath(json) == (refused || nullItem), Encoding.UTF8.GetString(json));
        }
        Assert.InRange(duplicates, 300, 4000);
    }

    private static string RandomValue(Random random, int depth)
    {
        var roll = depth > 4 ? random.Next(3) : random.Next(6);
        return roll switch
        {
            0 => random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => "\"s\"",
            2 => random.Next(4) == 0 ? "null" : "true",
            3 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]",
            _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(5))
                .Select(_ => $"\"{"abcdef"[random.Next(6)]}{(random.Next(3) == 0 ? "x" : "")}\":{RandomValue(random, depth + 1)}")) + "}",
        };
    }
}
