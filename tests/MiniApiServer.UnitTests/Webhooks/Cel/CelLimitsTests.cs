using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// What keeps one expression from taking the server down: cel-go's recursion limit (250) applied to left-associative
/// chains, which build as deep a tree as nesting does; its 100,000 code-point limit; escapes whose digits are not
/// digits; and apiserver's runtime cost budget (10,000,000) for comprehensions and built values.
/// </summary>
public sealed class CelLimitsTests
{
    private static string Repeat(string first, string link, int times) => first + string.Concat(Enumerable.Repeat(link, times));

    [Theory]
    [InlineData("1", " + 1")]
    [InlineData("true", " && true")]
    [InlineData("false", " || false")]
    [InlineData("1", " == 1")]
    [InlineData("2", " * 1")]
    [InlineData("{'a': {}}", ".a")]
    [InlineData("[[0]]", "[0]")]
    public void AChainPastTheRecursionLimit_IsRefusedAtCompile_NotOverflowedAtEvaluation(string first, string link)
    {
        var error = Assert.Throws<CelException>(() => CelProgram.Compile(Repeat(first, link, 2_000)));

        Assert.Equal("Syntax error: expression recursion limit exceeded: 250", error.Message);
    }

    [Fact]
    public void AChainWithinTheLimit_Evaluates()
    {
        Assert.Equal(201L, CelProgram.Compile(Repeat("1", " + 1", 200)).Evaluate(new Dictionary<string, object?>()));
    }

    [Fact]
    public void AnExpressionPastOneHundredThousandCodePoints_IsRefused()
    {
        var error = Assert.Throws<CelException>(() => CelProgram.Compile("'" + new string('x', 100_000) + "' != ''"));

        Assert.Equal("expression code point size exceeds limit: size: 100008, limit 100000", error.Message);
    }

    [Theory]
    [InlineData("""'\x-1' == ''""")]
    [InlineData("""'\x+1' == ''""")]
    [InlineData("""'\u+123' == ''""")]
    [InlineData("""'\xZZ' == ''""")]
    public void AnEscapeWhoseDigitsAreNotDigits_IsASyntaxError(string expression)
    {
        Assert.Equal("Syntax error: invalid escape sequence", Assert.Throws<CelException>(() => CelProgram.Compile(expression)).Message);
    }

    [Fact]
    public void AQuadraticComprehension_OverALargeList_StopsAtTheCostBudget()
    {
        var items = Enumerable.Range(0, 5_000).Select(i => (object?)(long)i).ToList();
        var program = CelProgram.Compile("items.all(x, items.exists_one(y, y == x))");

        var error = Assert.Throws<CelException>(() => program.Evaluate(new Dictionary<string, object?> { ["items"] = items }));

        Assert.Equal("operation cancelled: actual cost limit exceeded", error.Message);
    }

    [Fact]
    public void TheBudget_IsPerEvaluation_NotSpentAcrossThem()
    {
        var items = Enumerable.Range(0, 2_000).Select(i => (object?)(long)i).ToList();
        var program = CelProgram.Compile("items.all(x, items.exists(y, y == x))");
        var variables = new Dictionary<string, object?> { ["items"] = items };

        // ~2 million steps each: five in a row fit only if each starts from nothing.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(true, program.Evaluate(variables));
        }
    }

    [Theory]
    [InlineData("'%.999999999e'.format([1.0])")]
    [InlineData("'%.99999999999999f'.format([1.0])")]
    public void AHugeFormatPrecision_IsPaidFor_NotAllocated(string expression)
    {
        var error = Assert.Throws<CelException>(() => CelProgram.Compile(expression).Evaluate(new Dictionary<string, object?>()));

        Assert.Equal("operation cancelled: actual cost limit exceeded", error.Message);
    }

    [Fact]
    public void StringsGrownPastTheBudget_FailAsCelFails()
    {
        // Two characters made ten times longer seven times over: 20 million, past the budget the concatenations spend.
        var doubling = CelProgram.Compile("['ab'].map(s, s + s + s + s + s + s + s + s + s + s).map(s, s + s + s + s + s + s + s + s + s + s)"
            + ".map(s, s + s + s + s + s + s + s + s + s + s).map(s, s + s + s + s + s + s + s + s + s + s).map(s, s + s + s + s + s + s + s + s + s + s)"
            + ".map(s, s + s + s + s + s + s + s + s + s + s).map(s, s + s + s + s + s + s + s + s + s + s)");

        var error = Assert.Throws<CelException>(() => doubling.Evaluate(new Dictionary<string, object?>()));

        Assert.Equal("operation cancelled: actual cost limit exceeded", error.Message);
    }

    [Fact]
    public void APercentFWithoutDigits_IsPrecisionZero_AsGosFormatIs()
    {
        Assert.Equal("2", CelProgram.Compile("'%.f'.format([1.5])").Evaluate(new Dictionary<string, object?>()));
    }
}
