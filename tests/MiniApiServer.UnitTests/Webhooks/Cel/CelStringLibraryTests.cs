using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// The string functions Kubernetes installs (cel-go ext strings, k8s.io/apiserver/pkg/cel/library/strings.go and
/// regex.go), their oracles from the libraries' documented examples; positions count code points.
/// </summary>
public sealed class CelStringLibraryTests
{
    [Theory]
    [InlineData("'hello'.charAt(1)", "\"e\"")]
    [InlineData("'hello'.charAt(5)", "\"\"")]
    [InlineData("'héllo'.charAt(1)", "\"é\"")]
    [InlineData("'hello mellow'.indexOf('')", "0")]
    [InlineData("'hello mellow'.indexOf('ello')", "1")]
    [InlineData("'hello mellow'.indexOf('jello')", "-1")]
    [InlineData("'hello mellow'.indexOf('', 2)", "2")]
    [InlineData("'hello mellow'.indexOf('ello', 2)", "7")]
    [InlineData("'héllo'.indexOf('l')", "2")]
    [InlineData("'hello mellow'.lastIndexOf('')", "12")]
    [InlineData("'hello mellow'.lastIndexOf('ello')", "7")]
    [InlineData("'hello mellow'.lastIndexOf('jello')", "-1")]
    [InlineData("'hello mellow'.lastIndexOf('ello', 6)", "1")]
    [InlineData("'TacoCat'.lowerAscii()", "\"tacocat\"")]
    [InlineData("'TacoCÆt Xii'.lowerAscii()", "\"tacocÆt xii\"")]
    [InlineData("'TacoCat'.upperAscii()", "\"TACOCAT\"")]
    [InlineData("'TacoCæt Xii'.upperAscii()", "\"TACOCæT XII\"")]
    [InlineData("'hello hello'.replace('he', 'we')", "\"wello wello\"")]
    [InlineData("'hello hello'.replace('he', 'we', -1)", "\"wello wello\"")]
    [InlineData("'hello hello'.replace('he', 'we', 1)", "\"wello hello\"")]
    [InlineData("'hello hello'.replace('he', 'we', 0)", "\"hello hello\"")]
    [InlineData("'abc'.replace('', '-')", "\"-a-b-c-\"")]
    [InlineData("'hello hello'.split(' ')", "[\"hello\", \"hello\"]")]
    [InlineData("'hello hello hello'.split(' ', 0)", "[]")]
    [InlineData("'hello hello hello'.split(' ', 1)", "[\"hello hello hello\"]")]
    [InlineData("'hello hello hello'.split(' ', 2)", "[\"hello\", \"hello hello\"]")]
    [InlineData("'hello hello hello'.split(' ', -1)", "[\"hello\", \"hello\", \"hello\"]")]
    [InlineData("'abc'.split('')", "[\"a\", \"b\", \"c\"]")]
    [InlineData("'abc'.split('', 2)", "[\"a\", \"bc\"]")]
    [InlineData("'tacocat'.substring(4)", "\"cat\"")]
    [InlineData("'tacocat'.substring(7)", "\"\"")]
    [InlineData("'tacocat'.substring(0, 4)", "\"taco\"")]
    [InlineData("'tacocat'.substring(4, 4)", "\"\"")]
    [InlineData("'😀x'.substring(1)", "\"x\"")]
    [InlineData("' \\ttrim\\n '.trim()", "\"trim\"")]
    [InlineData("'gums'.reverse()", "\"smug\"")]
    [InlineData("['hello', 'mellow'].join()", "\"hellomellow\"")]
    [InlineData("['hello', 'mellow'].join(' ')", "\"hello mellow\"")]
    [InlineData("[].join()", "\"\"")]
    [InlineData("[].join('/')", "\"\"")]
    [InlineData("'abc 123 def 456'.find('[0-9]+')", "\"123\"")]
    [InlineData("'abc'.find('[0-9]+')", "\"\"")]
    [InlineData("'123 abc 456'.findAll('[0-9]+')", "[\"123\", \"456\"]")]
    [InlineData("'123 abc 456'.findAll('[0-9]+', 1)", "[\"123\"]")]
    [InlineData("'123 abc 456'.findAll('xyz')", "[]")]
    [InlineData("'hello'.matches('^h.*o$') && matches('hello', 'll') && !'hello'.matches('^l')", "true")]
    [InlineData("'abc'.startsWith('ab') && 'abc'.endsWith('bc') && 'abc'.contains('b')", "true")]
    [InlineData("'%s is %d years and %.2f%% done'.format(['Bob', 42, 12.345])", "\"Bob is 42 years and 12.35% done\"")]
    [InlineData("'%s, %s, %s, %s'.format([true, 1.5, [1, 'a'], null])", "\"true, 1.5, [1, \\\"a\\\"], null\"")]
    [InlineData("'%f %e %.1e'.format([1.0, 1052.032911275, 0.5])", "\"1.000000 1.052033e+03 5.0e-01\"")]
    [InlineData("'%b %o %x %X %x'.format([5, 8, 255, 255u, 'Hi'])", "\"101 10 ff FF 4869\"")]
    [InlineData("'%d'.format([7u])", "\"7\"")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Show(Evaluate(expression)));

    [Theory]
    [InlineData("'hello'.charAt(6)", "index out of range: 6")]
    [InlineData("'hello'.charAt(-1)", "index out of range: -1")]
    [InlineData("'hello'.indexOf('l', 10)", "index out of range: 10")]
    [InlineData("'hello'.lastIndexOf('l', -1)", "index out of range: -1")]
    [InlineData("'tacocat'.substring(8)", "index out of range: 8")]
    [InlineData("'tacocat'.substring(-1)", "index out of range: -1")]
    [InlineData("'tacocat'.substring(4, 2)", "invalid substring range. start: 4, end: 2")]
    [InlineData("'tacocat'.substring(0, 8)", "index out of range: 8")]
    [InlineData("[1, 2].join()", "no such overload: list.join(string)")]
    [InlineData("'a'.charAt('b')", "no such overload: string.charAt(string)")]
    [InlineData("1.startsWith('a')", "no such overload: int.startsWith(string)")]
    [InlineData("'%d'.format([1.5])", "error during formatting: d clause cannot be used on double")]
    [InlineData("'%s %s'.format(['a'])", "index 1 out of range")]
    [InlineData("'%q'.format(['a'])", "could not parse formatting clause: unrecognized formatting clause \"q\"")]
    public void FailsAsCelFails(string expression, string error) => Assert.Equal(error, Error(expression));

    [Fact]
    public void AnInvalidPatternIsAnEvaluationError() =>
        Assert.StartsWith("given regex is invalid: ", Error("'a'.matches('(')"), StringComparison.Ordinal);
}
