using System.Text.Json.Nodes;
using MiniApiServer.Application.Webhooks.Cel;
using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// The core language against cel-spec (langdef.md) and cel-go's behaviour: map literals, size and `in` on maps,
/// int/uint/double arithmetic and its errors, heterogeneous comparison, conversions, type(), the macros.
/// </summary>
public sealed class CelProgramTests
{
    [Theory]
    // Map literals, their size, membership, indexing and field selection.
    [InlineData("""{"a": 1, "b": 2}.size()""", "2")]
    [InlineData("""size({"a": 1})""", "1")]
    [InlineData("""{}.size()""", "0")]
    [InlineData("""{"a": 1}["a"]""", "1")]
    [InlineData("""{"a": 1}.a""", "1")]
    [InlineData("""{"x" + "y": [1, 2]}.xy[1]""", "2")]
    [InlineData("""'a' in {'a': 1}""", "true")]
    [InlineData("""'b' in {'a': 1}""", "false")]
    [InlineData("""{1: 'x', 2u: 'y'}[2]""", "\"y\"")]
    [InlineData("""2.0 in {1: 'x', 2u: 'y'}""", "true")]
    [InlineData("""has({'a': 1}.a) && !has({'a': 1}.b)""", "true")]
    [InlineData("""{'a': 1} == {'a': 1.0}""", "true")]
    [InlineData("""{'a': 1} == {'a': 1, 'b': 2}""", "false")]
    [InlineData("""{'a': [1, 2]} == {'a': [1, 2]}""", "true")]
    // Strings: size in code points, concatenation, ordinal comparison.
    [InlineData("""size("héllo")""", "5")]
    [InlineData("""'😀'.size()""", "1")]
    [InlineData("""'ab' + 'cd'""", "\"abcd\"")]
    [InlineData("""'abc' < 'abd' && 'b' > 'abc' && 'a' <= 'a' && 'B' < 'a'""", "true")]
    // Lists: concatenation, equality, membership.
    [InlineData("""[1] + [2, 3]""", "[1, 2, 3]")]
    [InlineData("""[1, 2] == [1, 2] && [1, 2] != [2, 1]""", "true")]
    [InlineData("""2 in [1, 2.0]""", "true")]
    [InlineData("""[1, 2,].size()""", "2")]
    // Integer semantics: truncating division, the sign of a remainder follows the dividend.
    [InlineData("7 / 2", "3")]
    [InlineData("-7 / 2", "-3")]
    [InlineData("-7 % 3", "-1")]
    [InlineData("7.0 / 2.0", "3.5d")]
    [InlineData("2u + 3U", "5u")]
    [InlineData("18446744073709551615u", "18446744073709551615u")]
    [InlineData("0xFFu", "255u")]
    [InlineData("2u * 3u - 1u", "5u")]
    [InlineData("9223372036854775807 + 0", "9223372036854775807")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("0x10 + 1", "17")]
    [InlineData("1e3", "1000d")]
    [InlineData(".5 + .5", "1d")]
    [InlineData("-(1.5)", "-1.5d")]
    // Heterogeneous comparison and equality across int, uint and double.
    [InlineData("1 < 1.5 && 2 == 2.0 && 1u == 1 && 1 < 2u && -1 < 1u && 3.0 >= 3", "true")]
    [InlineData("1 == 'a'", "false")]
    [InlineData("null == null && !(null == 0)", "true")]
    // Conversions.
    [InlineData("int('42')", "42")]
    [InlineData("int('-42')", "-42")]
    [InlineData("int(3.9)", "3")]
    [InlineData("int(-3.9)", "-3")]
    [InlineData("int(7u)", "7")]
    [InlineData("uint(7)", "7u")]
    [InlineData("uint('7')", "7u")]
    [InlineData("double(2)", "2d")]
    [InlineData("double('1.5')", "1.5d")]
    [InlineData("string(42)", "\"42\"")]
    [InlineData("string(-42)", "\"-42\"")]
    [InlineData("string(7u)", "\"7\"")]
    [InlineData("string(1.5)", "\"1.5\"")]
    [InlineData("string(-0.5)", "\"-0.5\"")]
    [InlineData("string(100.0)", "\"100\"")]
    [InlineData("string(123456.0)", "\"123456\"")]
    [InlineData("string(1000000.0)", "\"1e+06\"")]
    [InlineData("string(1234567.0)", "\"1.234567e+06\"")]
    [InlineData("string(0.0001)", "\"0.0001\"")]
    [InlineData("string(0.00001)", "\"1e-05\"")]
    [InlineData("string(1e21)", "\"1e+21\"")]
    [InlineData("string(true)", "\"true\"")]
    [InlineData("string('x')", "\"x\"")]
    [InlineData("bool('true')", "true")]
    [InlineData("bool('false')", "false")]
    [InlineData("bool('True') && !bool('0')", "true")]
    [InlineData("dyn(1) + 1", "2")]
    [InlineData("type(1) == int && type('a') == string && type(1.0) == double && type(1u) == uint", "true")]
    [InlineData("type(true) == bool && type([]) == list && type({}) == map && type(null) == null_type && type(int) == type", "true")]
    [InlineData("type(1) == double", "false")]
    [InlineData("type(1) == type(2)", "true")]
    // Macros, over lists and over a map's keys.
    [InlineData("[1, 2, 3].map(x, x * 2)", "[2, 4, 6]")]
    [InlineData("[1, 2, 3].map(x, x > 1, x * 10)", "[20, 30]")]
    [InlineData("[1, 2, 3].filter(x, x % 2 == 1)", "[1, 3]")]
    [InlineData("{'a': 1, 'bb': 2}.all(k, k.size() == 1)", "false")]
    [InlineData("{'a': 1, 'bb': 2}.exists(k, k == 'bb')", "true")]
    [InlineData("[1, 2, 3].exists_one(x, x > 2)", "true")]
    [InlineData("[[1, 2], [3]].all(l, l.all(x, x > 0))", "true")]
    // all() and exists() fold with && and ||: a decisive item absorbs another item's error.
    [InlineData("[0, 1].exists(x, 1 / x > 0)", "true")]
    [InlineData("[0, -1].all(x, 1 / x > 0)", "false")]
    // && || ?: and their error absorption.
    [InlineData("false && 1 / 0 > 1", "false")]
    [InlineData("1 / 0 > 1 || true", "true")]
    [InlineData("true ? 'a' : 1 / 0", "\"a\"")]
    [InlineData("1 > 2 ? 'a' : 'b'", "\"b\"")]
    // String literals: escapes, raw and triple-quoted strings.
    [InlineData("""'a\tb' == "a\u0009b" && '\x41' == 'A' && '\101' == 'A'""", "true")]
    [InlineData("""r'\d+'""", "\"\\\\d+\"")]
    [InlineData("""'''it's'''""", "\"it's\"")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Show(Evaluate(expression)));

    [Theory]
    [InlineData("9223372036854775807 + 1", "return error for overflow")]
    [InlineData("-9223372036854775808 - 1", "return error for overflow")]
    [InlineData("9223372036854775807 * 2", "return error for overflow")]
    [InlineData("-9223372036854775808 / -1", "return error for overflow")]
    [InlineData("-(-9223372036854775808)", "return error for overflow")]
    [InlineData("2u - 3u", "return error for overflow")]
    [InlineData("1 / 0", "division by zero")]
    [InlineData("1 % 0", "modulus by zero")]
    [InlineData("1u / 0u", "division by zero")]
    [InlineData("1 + 1.0", "no such overload: int + double")]
    [InlineData("1 + 1u", "no such overload: int + uint")]
    [InlineData("'a' + 1", "no such overload: string + int")]
    [InlineData("1.5 % 1.0", "no such overload: double % double")]
    [InlineData("1 < 'a'", "no such overload: int < string")]
    [InlineData("{'a': 1}.b", "no such key: b")]
    [InlineData("{'a': 1}['b']", "no such key: b")]
    [InlineData("{'a': 1, 'a': 2}", "Failed with repeated key: a")]
    [InlineData("[1][2]", "index out of bounds: 2")]
    [InlineData("missing", "undeclared reference to 'missing'")]
    [InlineData("missing.x == 1", "undeclared reference to 'missing'")]
    [InlineData("int('x')", "strconv.ParseInt: parsing \"x\": invalid syntax")]
    [InlineData("int(1e19)", "range error converting 1e+19 to int")]
    [InlineData("uint(-1)", "range error converting -1 to uint")]
    [InlineData("bool('yes')", "strconv.ParseBool: parsing \"yes\": invalid syntax")]
    [InlineData("int([1])", "type conversion error from 'list' to 'int'")]
    [InlineData("[0, 1].all(x, 1 / x > 0)", "division by zero")]
    [InlineData("!1", "no such overload: bool expected, got int")]
    [InlineData("1 ? 2 : 3", "no such overload: bool expected, got int")]
    [InlineData("'a'.size(1) == 1", "undeclared reference to 'size' (in container '')")]
    [InlineData("'abc'.isSorted()", "no such overload: string.isSorted()")]
    public void FailsAsCelFails(string expression, string error) => Assert.Equal(error, Error(expression));

    [Theory]
    [InlineData("1 +", "Syntax error:")]
    [InlineData("(1", "Syntax error:")]
    [InlineData("'abc", "Syntax error: unterminated string")]
    [InlineData("1 # 2", "Syntax error: token recognition error at: '#'")]
    [InlineData("99999999999999999999", "Syntax error: invalid int literal")]
    [InlineData("9223372036854775808", "Syntax error: invalid int literal")]
    [InlineData("foo(1)", "undeclared reference to 'foo' (in container '')")]
    [InlineData("'a'.nope()", "undeclared reference to 'nope' (in container '')")]
    [InlineData("int(1, 2)", "found no matching overload for 'int' applied to 2 arguments")]
    [InlineData("has(a)", "invalid argument to has() macro")]
    [InlineData("has(a.size())", "invalid argument to has() macro")]
    [InlineData("b'abc'", "Syntax error: bytes literals are not supported")]
    public void RefusesToCompile(string expression, string error) =>
        Assert.StartsWith(error, Assert.Throws<CelException>(() => CelProgram.Compile(expression)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("(", ")")]
    [InlineData("!", "")]
    [InlineData("-", "")]
    [InlineData("[", "]")]
    public void RefusesNestingPastCelGosRecursionLimit(string open, string close) =>
        Assert.StartsWith("Syntax error: expression recursion limit exceeded",
            Assert.Throws<CelException>(() => CelProgram.Compile(string.Concat(Enumerable.Repeat(open, 300)) + "1" + string.Concat(Enumerable.Repeat(close, 300)))).Message,
            StringComparison.Ordinal);

    [Theory]
    [InlineData(@"'\ud800'")]
    [InlineData(@"'\U00110000'")]
    [InlineData(@"'\xZZ'")]
    [InlineData(@"'\q'")]
    public void RefusesAnInvalidEscape(string expression) =>
        Assert.StartsWith("Syntax error: invalid escape sequence", Assert.Throws<CelException>(() => CelProgram.Compile(expression)).Message, StringComparison.Ordinal);

    [Fact]
    public void TakesClrNumbersAndJsonScalarsAsCelValues()
    {
        var variables = new Dictionary<string, object?> { ["i"] = 2, ["u"] = 3u, ["f"] = 1.5f, ["j"] = JsonValue.Create(4) };
        Assert.Equal("[2, 3u, 1.5, 4]", CelConvert.Format(Evaluate("[i, u, f, j]", variables)));
        Assert.Equal(true, Evaluate("i + j == 6 && type(i) == int && type(u) == uint && type(f) == double", variables));
    }

    [Fact]
    public void AVariableIsResolvedWhenEvaluatedNotWhenCompiled()
    {
        var program = CelProgram.Compile("x + 1");
        Assert.Equal(2L, program.Evaluate(new Dictionary<string, object?> { ["x"] = 1L }));
        Assert.Equal("undeclared reference to 'x'", Assert.Throws<CelException>(() => program.Evaluate(new Dictionary<string, object?>())).Message);
    }

    [Fact]
    public void AMacroVariableShadowsAndThenUnshadowsAVariable() =>
        Assert.Equal("[2, 3, 10]", Show(Evaluate("[1, 2].map(x, x + 1) + [x]", new Dictionary<string, object?> { ["x"] = 10L })));

    [Fact]
    public void ARequestObjectIsSelectedAsAJsonMap()
    {
        var request = JsonNode.Parse("""{"operation":"CREATE","userInfo":{"username":"alice","groups":["dev"]},"dryRun":false}""")!.AsObject();
        var variables = new Dictionary<string, object?> { ["request"] = request };
        Assert.Equal(true, Evaluate("request.operation == 'CREATE' && request.userInfo.username == 'alice' && 'dev' in request.userInfo.groups && !request.dryRun", variables));
        Assert.Equal(true, Evaluate("request['userInfo']['groups'][0] == 'dev' && size(request) == 3 && 'dryRun' in request", variables));
        Assert.Equal("no such key: namespace", Error("request.namespace", variables));
    }
}
