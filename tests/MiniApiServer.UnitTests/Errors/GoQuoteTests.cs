using MiniApiServer.Application.Errors;

namespace MiniApiServer.UnitTests.Errors;

/// <summary>strconv.Quote's output, written out by hand from Go's escaping rules (strconv/quote.go, appendEscapedRune).</summary>
public sealed class GoQuoteTests
{
    [Theory]
    [InlineData("\"Fran & Freddie's Diner\t☺\"", "\"\\\"Fran & Freddie's Diner\\t☺\\\"\"")]
    [InlineData("ab\u0007c", "\"ab\\ac\"")]
    [InlineData("\b\f\n\r\v\\", "\"\\b\\f\\n\\r\\v\\\\\"")]
    [InlineData("\u0001\u001f\u007f", "\"\\x01\\x1f\\x7f\"")]
    [InlineData("a\u00a0b\u2028c\u200bd", "\"a\\u00a0b\\u2028c\\u200bd\"")]
    [InlineData("héllo 😀 <&>", "\"héllo 😀 <&>\"")]
    [InlineData("\ue000\U000f0000", "\"\\ue000\\U000f0000\"")]
    public void Quote_EscapesAsStrconvQuote(string value, string quoted) =>
        Assert.Equal(quoted, GoQuote.Of(value));
}
