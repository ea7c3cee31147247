using System.Text;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>The revision goes in as metadata's last member, as the JSON path's stamp adds it.</summary>
public sealed class RevisionStamperTests
{
    [Theory]
    [InlineData("""{"metadata":{},"spec":{}}""", 7L, """{"metadata":{"resourceVersion":"7"},"spec":{}}""")]
    [InlineData("""{"kind":"Pod","metadata":{"name":"a"},"x":1}""", 123456L, """{"kind":"Pod","metadata":{"name":"a","resourceVersion":"123456"},"x":1}""")]
    [InlineData("""{"metadata":{"name":"a"}}""", long.MaxValue, """{"metadata":{"name":"a","resourceVersion":"9223372036854775807"}}""")]
    public void Splice_AddsTheRevisionAtMetadataEnd(string encoded, long revision, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(encoded);
        var at = encoded.IndexOf("}", encoded.IndexOf("\"metadata\"", StringComparison.Ordinal), StringComparison.Ordinal);

        var stamped = RevisionStamper.Splice(bytes, at, revision);

        Assert.Equal(expected, Encoding.UTF8.GetString(stamped));
        Assert.Equal(expected.Length, RevisionStamper.StampedLength(bytes, at, revision));
        Assert.True(RevisionStamper.IsStamped(stamped, bytes, at, revision));
        Assert.False(RevisionStamper.IsStamped(stamped, bytes, at, revision + 1));
        Assert.False(RevisionStamper.IsStamped(stamped, bytes, at, revision / 10));
    }

    [Fact]
    public void Splice_RefusesAnOffsetThatIsNotMetadataEnd()
    {
        var bytes = """{"metadata":{"name":"a"}}"""u8.ToArray();

        Assert.Throws<ArgumentException>(() => RevisionStamper.Splice(bytes, 3, 1));
        Assert.Equal(-1, RevisionStamper.StampedLength(bytes, 3, 1));
        Assert.False(RevisionStamper.IsStamped(bytes, bytes, 3, 1));
    }
}
