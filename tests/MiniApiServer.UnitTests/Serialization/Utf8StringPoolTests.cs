using System.Text;
using System.Text.Json;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// Stored objects decode, and are indexed, with repeated short values shared (the informers keep a model per object, the
/// cache an index), and never with a value other than the one in the bytes: escapes, non-ASCII, long strings, keys and
/// collisions in the lossy table.
/// </summary>
public sealed class Utf8StringPoolTests
{
    private static byte[] Pod(string name, string image = "registry.example.com/team/web:1.4.2") => Encoding.UTF8.GetBytes("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME","namespace":"default","labels":{"app":"web","tier":"front"}},
         "spec":{"containers":[{"name":"web","image":"IMAGE","env":[{"name":"LOG_LEVEL","value":"info"}],
          "resources":{"requests":{"cpu":"100m"}}}]}}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("IMAGE", image, StringComparison.Ordinal));

    [Fact]
    public void TwoStoredPods_ShareEachRepeatedValue_ButNotTheirNames()
    {
        var a = ModelCodec.Decode<V1Pod>(Pod("a"));
        var b = ModelCodec.Decode<V1Pod>(Pod("b"));

        Assert.Same(a.Spec.Containers[0].Image, b.Spec.Containers[0].Image);
        Assert.Same(a.Spec.Containers[0].Env[0].Value, b.Spec.Containers[0].Env[0].Value);
        Assert.Same(a.Metadata.Labels.Keys.First(), b.Metadata.Labels.Keys.First());
        Assert.Same(a.Metadata.Labels["tier"], b.Metadata.Labels["tier"]);
        Assert.Equal(("a", "b"), (a.Metadata.Name, b.Metadata.Name));
    }

    [Fact]
    public void TwoPodsIndexes_ShareLabelsAndFieldValues_AndKeepEscapedLabelsExact()
    {
        var indexer = new ResourceIndexer();
        var a = indexer.Index("pods", Pod("a"));
        var b = indexer.Index("pods", Pod("b"));
        var odd = indexer.Index("pods", Encoding.UTF8.GetBytes("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"o","namespace":"default","labels":{"app":"caf\u00e9","t\"q":"x"}},"spec":{}}
            """));

        Assert.Same(a.Labels.Keys.First(k => k == "tier"), b.Labels.Keys.First(k => k == "tier"));
        Assert.Same(a.Labels["app"], b.Labels["app"]);
        Assert.Same(a.Fields["metadata.namespace"], b.Fields["metadata.namespace"]);
        Assert.Equal(("a", "b"), (a.Fields["metadata.name"], b.Fields["metadata.name"]));
        Assert.Equal("café", odd.Labels["app"]);
        Assert.Equal("x", odd.Labels["t\"q"]);
    }

    [Theory]
    [InlineData("caf\\u00e9")]
    [InlineData("café")]
    [InlineData("quote \\\" and \\\\ backslash")]
    [InlineData("tab\\there")]
    [InlineData("emoji \\ud83d\\ude00")]
    [InlineData("a-very-long-value-well-beyond-the-sixty-four-bytes-that-the-table-keeps-for-sharing")]
    [InlineData("")]
    public void UnusualValues_DecodeAsTheSerializerDecodesThem(string jsonText)
    {
        var json = Encoding.UTF8.GetBytes($$$"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","annotations":{"{{{jsonText}}}":"{{{jsonText}}}"}},
             "data":{"k":"{{{jsonText}}}","{{{jsonText}}}":"v"}}
            """);
        var expected = JsonSerializer.Deserialize<V1ConfigMap>(json, ModelCodec.Options)!;

        var decoded = ModelCodec.Decode<V1ConfigMap>(json);

        Assert.Equal(expected.Data, decoded.Data);
        Assert.Equal(expected.Metadata.Annotations, decoded.Metadata.Annotations);
        Assert.Equal(JsonSerializer.Serialize(expected, ModelCodec.Options), JsonSerializer.Serialize(decoded, ModelCodec.Options));
    }

    [Fact]
    public void ManyDistinctValues_FromSeveralThreads_EachDecodeToItsOwnValue()
    {
        // Far more values than the table has slots, so slots are overwritten while other threads read them.
        var failures = 0;
        Parallel.For(0, 4, worker =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var value = $"w{worker}-v{i}";
                var pod = ModelCodec.Decode<V1Pod>(Pod($"p-{worker}-{i}", value));
                if (pod.Spec.Containers[0].Image != value || pod.Metadata.Name != $"p-{worker}-{i}")
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        Assert.Equal(0, failures);
    }
    [Fact]
    public void TwoValuesOfOneTemplateWithTheSameHash_AreBothShared()
    {
        // Two ASCII values with the same 32-bit hash (the pool's own) land in the same set in any table size.
        var (first, second) = SameHash();
        byte[] Map(string name) => Encoding.UTF8.GetBytes(
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"a":"{{{first}}}","b":"{{{second}}}"}}""");

        var a = ModelCodec.Decode<V1ConfigMap>(Map("a"));
        var b = ModelCodec.Decode<V1ConfigMap>(Map("b"));

        Assert.Equal((first, second), (a.Data["a"], a.Data["b"]));
        Assert.Same(a.Data["a"], b.Data["a"]);
        Assert.Same(a.Data["b"], b.Data["b"]);
    }

    [Fact]
    public void Share_ReturnsTheDecodedInstance_AndLeavesWhatThePoolSkips()
    {
        var pod = ModelCodec.Decode<V1Pod>(Pod("a"));
        var copy = new string("default".AsSpan());

        Assert.Same(pod.Metadata.NamespaceProperty, Utf8StringPool.Share(copy));
        var long_ = new string('x', 65);
        Assert.Same(long_, Utf8StringPool.Share(long_));
        var accented = new string("café".AsSpan());
        Assert.Same(accented, Utf8StringPool.Share(accented));
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("app-{0}")]
    [InlineData("registry.example.com/team/web:1.4.{0}")]
    public void Hash_SpreadsShortAndLongValuesOverTheTable(string format)
    {
        // 10,000 values over 4,096 sets: a uniform hash fills ~3,740 of them (1 - e^-2.44), with a standard deviation of
        // ~16. The seed is random per process, so every one of 200 seeds must spread them: one process in CI drew a seed
        // with which the template's values filled only 3,446.
        var values = Enumerable.Range(0, 10_000)
            .Select(i => Encoding.ASCII.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, i)))
            .ToList();
        var seeds = Enumerable.Range(0, 200).Select(i => (ulong)i * 0x9E3779B97F4A7C15 + (ulong)i).Append(0UL).Append(ulong.MaxValue);
        foreach (var seed in seeds)
        {
            var sets = values.Select(v => Utf8StringPool.Hash(v, seed) & 4095).Distinct().Count();
            Assert.True(sets is >= 3_600 and <= 4_096, $"seed {seed:x}: {sets} of 4,096 sets");
        }
    }

    private static (string, string) SameHash()
    {
        var seen = new Dictionary<int, string>();
        for (var i = 0; ; i++)
        {
            var value = "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var hash = (int)Utf8StringPool.Hash(Encoding.ASCII.GetBytes(value));
            if (seen.TryGetValue(hash, out var other))
            {
                return (other, value);
            }
            seen[hash] = value;
        }
    }
}
