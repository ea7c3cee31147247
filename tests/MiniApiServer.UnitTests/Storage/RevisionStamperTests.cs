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

    [Theory]
    [InlineData("""{"metadata":{"name":"a"},"x":1}""", 3, 123L, """{"metadata":{"name":"a","resourceVersion":"123"},"x":1}""")]
    [InlineData("""{"metadata":{"name":"a"},"x":1}""", 2, 123L, """{"metadata":{"name":"a","resourceVersion":"123"},"x":1}""")]
    [InlineData("""{"metadata":{"name":"a"},"x":1}""", 4, 123L, """{"metadata":{"name":"a","resourceVersion":"123"},"x":1}""")]
    [InlineData("""{"metadata":{},"x":1}""", 1, 7L, """{"metadata":{"resourceVersion":"7"},"x":1}""")]
    [InlineData("""{"metadata":{"name":"a"}}""", 19, long.MaxValue, """{"metadata":{"name":"a","resourceVersion":"9223372036854775807"}}""")]
    public void Placeholder_TheWriterFillsIt_InPlaceWhenTheDigitsFit(string encoded, int digits, long revision, string expected)
    {
        var at = encoded.IndexOf("}", encoded.IndexOf("\"metadata\"", StringComparison.Ordinal), StringComparison.Ordinal);
        var first = encoded[at - 1] == '{';
        var length = RevisionStamper.PlaceholderLength(first, digits);
        var bytes = new byte[encoded.Length + length];
        Encoding.UTF8.GetBytes(encoded[..at]).CopyTo(bytes, 0);
        RevisionStamper.WritePlaceholder(bytes.AsSpan(at, length), first, digits);
        Encoding.UTF8.GetBytes(encoded[at..]).CopyTo(bytes, at + length);
        Assert.Contains("\"resourceVersion\":\"" + new string('0', digits) + "\"}", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var stamped = RevisionStamper.Instance.Stamp(
            new WriteCommand(WriteKind.Create, "pods", "", "a", null) { Encoded = bytes, MetadataEnd = at + length, RevisionDigits = digits }, revision);

        Assert.Equal(expected, Encoding.UTF8.GetString(stamped));
        Assert.Equal(revision.ToString(System.Globalization.CultureInfo.InvariantCulture).Length == digits, ReferenceEquals(bytes, stamped));
    }

    [Fact]
    public void Placeholder_MissingAtTheOffset_IsRefused()
    {
        var bytes = """{"metadata":{"name":"a"}}"""u8.ToArray();

        Assert.Throws<ArgumentException>(() => RevisionStamper.Overwrite(bytes, bytes.Length - 2, 1, 5));
    }

    [Theory]
    [InlineData(0L, 1)]
    [InlineData(9L, 1)]
    [InlineData(10L, 2)]
    [InlineData(99_999L, 5)]
    [InlineData(100_000L, 6)]
    [InlineData(long.MaxValue, 19)]
    public void Digits_CountsTheDecimalDigits(long revision, int digits) => Assert.Equal(digits, RevisionStamper.Digits(revision));
}
