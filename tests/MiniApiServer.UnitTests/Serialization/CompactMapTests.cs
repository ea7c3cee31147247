using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// The compact map behaves as the <see cref="Dictionary{TKey,TValue}"/> it replaces in decoded models, for every
/// operation controllers and admission use; the oracle is a dictionary driven by the same random operations.
/// </summary>
public sealed class CompactMapTests
{
    [Fact]
    public void RandomOperations_MatchADictionary()
    {
        var random = new Random(1832);
        for (var round = 0; round < 200; round++)
        {
            var map = new CompactMap<string>();
            var oracle = new Dictionary<string, string>();
            for (var step = 0; step < 60; step++)
            {
                var key = "k" + random.Next(12);
                var value = "v" + random.Next(1000);
                switch (random.Next(6))
                {
                    case 0:
                        Assert.Equal(Throws(() => oracle.Add(key, value)), Throws(() => map.Add(key, value)));
                        break;
                    case 1:
                        oracle[key] = value;
                        map[key] = value;
                        break;
                    case 2:
                        Assert.Equal(oracle.Remove(key), map.Remove(key));
                        break;
                    case 3:
                        Assert.Equal(oracle.TryGetValue(key, out var expected), map.TryGetValue(key, out var actual));
                        Assert.Equal(expected, actual);
                        break;
                    case 4:
                        Assert.Equal(oracle.ContainsKey(key), map.ContainsKey(key));
                        Assert.Equal(Throws(() => _ = oracle[key]), Throws(() => _ = map[key]));
                        break;
                    default:
                        if (random.Next(10) == 0)
                        {
                            oracle.Clear();
                            map.Clear();
                        }
                        break;
                }
                Assert.Equal(oracle.Count, map.Count);
                Assert.Equal(oracle.OrderBy(e => e.Key, StringComparer.Ordinal), map.OrderBy(e => e.Key, StringComparer.Ordinal));
                Assert.Equal(oracle.Keys.Order(StringComparer.Ordinal), map.Keys.Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void Enumeration_IsInsertionOrder_AsADictionaryWithoutRemovals()
    {
        var map = new CompactMap<int> { ["zeta"] = 1, ["alpha"] = 2, ["mid"] = 3 };
        map["alpha"] = 20;

        Assert.Equal(["zeta", "alpha", "mid"], map.Select(e => e.Key));
        Assert.Equal([1, 20, 3], map.Values);
    }

    [Fact]
    public void Keys_CompareOrdinally_AndNullKeysAreRefused()
    {
        var map = new CompactMap<string> { ["App"] = "x" };

        Assert.False(map.ContainsKey("app"));
        Assert.Throws<ArgumentNullException>(() => map.ContainsKey(null!));
    }

    [Fact]
    public void CopyToAndContains_SeeOnlyTheLiveEntries()
    {
        IDictionary<string, string> map = new CompactMap<string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" };
        map.Remove("b");
        var copy = new KeyValuePair<string, string>[3];
        map.CopyTo(copy, 1);

        Assert.Equal([default, new("a", "1"), new("c", "3")], copy);
        Assert.Contains(new KeyValuePair<string, string>("c", "3"), map);
        Assert.DoesNotContain(new KeyValuePair<string, string>("c", "4"), map);
        Assert.False(map.Remove(new KeyValuePair<string, string>("c", "4")));
        Assert.Equal(2, map.Count);
    }

    private static string? Throws(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception ex)
        {
            return ex.GetType().Name;
        }
    }
}
