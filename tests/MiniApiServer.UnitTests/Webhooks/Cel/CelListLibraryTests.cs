using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>Kubernetes' list library (k8s.io/apiserver/pkg/cel/library/lists.go), oracles from its documented examples.</summary>
public sealed class CelListLibraryTests
{
    [Theory]
    [InlineData("[1, 2, 3].isSorted()", "true")]
    [InlineData("[1, 3, 2].isSorted()", "false")]
    [InlineData("[1, 1, 2].isSorted()", "true")]
    [InlineData("['a', 'b', 'b', 'c'].isSorted()", "true")]
    [InlineData("[2.0, 1.0].isSorted()", "false")]
    [InlineData("[].isSorted()", "true")]
    [InlineData("[1, 2, 3].sum()", "6")]
    [InlineData("[1.5, 2.5].sum()", "4d")]
    [InlineData("[1u, 2u].sum()", "3u")]
    [InlineData("[].sum()", "0")]
    [InlineData("[1, 2, 3].min()", "1")]
    [InlineData("[3, 1, 2].max()", "3")]
    [InlineData("['b', 'a', 'c'].min()", "\"a\"")]
    [InlineData("[1.5, -2.0].min()", "-2d")]
    [InlineData("[1, 2, 2, 3].indexOf(2)", "1")]
    [InlineData("['a', 'b', 'b', 'c'].lastIndexOf('b')", "2")]
    [InlineData("[1, 2, 3].indexOf(4)", "-1")]
    [InlineData("[1, 2, 3].lastIndexOf(4)", "-1")]
    [InlineData("[[1], [2]].indexOf([2])", "1")]
    [InlineData("[1, 2].size()", "2")]
    // cel-go's ext sets, which Kubernetes installs.
    [InlineData("sets.contains([1, 2, 3], [3, 1])", "true")]
    [InlineData("sets.contains([1, 2], [2, 5])", "false")]
    [InlineData("sets.contains([1], [])", "true")]
    [InlineData("sets.contains([1, 2], [2.0])", "true")]
    [InlineData("sets.equivalent([1, 2, 2], [2, 1])", "true")]
    [InlineData("sets.equivalent([1, 2], [1, 3])", "false")]
    [InlineData("sets.intersects([1, 2], [3, 2])", "true")]
    [InlineData("sets.intersects([1, 2], [])", "false")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Show(Evaluate(expression)));

    [Theory]
    [InlineData("[].min()", "min called on empty list")]
    [InlineData("[].max()", "max called on empty list")]
    [InlineData("[9223372036854775807, 1].sum()", "return error for overflow")]
    [InlineData("[1, 'a'].isSorted()", "no such overload: int < string")]
    [InlineData("['a'].sum()", "no such overload: sum of string")]
    public void FailsAsCelFails(string expression, string error) => Assert.Equal(error, Error(expression));
}
