using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>timestamp() and duration(), their order and arithmetic (cel-spec: timestamp ± duration, timestamp - timestamp).</summary>
public sealed class CelTimeTests
{
    [Theory]
    [InlineData("timestamp('2023-01-01T00:00:00Z') < timestamp('2023-01-02T00:00:00Z')", "true")]
    [InlineData("timestamp('2023-01-01T02:00:00+02:00') == timestamp('2023-01-01T00:00:00Z')", "true")]
    [InlineData("timestamp('2023-01-01T00:00:00Z') + duration('1h') == timestamp('2023-01-01T01:00:00Z')", "true")]
    [InlineData("duration('1h') + timestamp('2023-01-01T00:00:00Z') == timestamp('2023-01-01T01:00:00Z')", "true")]
    [InlineData("timestamp('2023-01-01T01:00:00Z') - duration('30m') == timestamp('2023-01-01T00:30:00Z')", "true")]
    [InlineData("timestamp('2023-01-01T01:00:00Z') - timestamp('2023-01-01T00:00:00Z') == duration('1h')", "true")]
    [InlineData("duration('1h30m') == duration('5400s') && duration('1.5s') == duration('1500ms') && duration('-1m') < duration('0')", "true")]
    [InlineData("duration('1h30m') > duration('90m')", "false")]
    [InlineData("string(duration('1h30m'))", "\"5400s\"")]
    [InlineData("string(duration('1.5s'))", "\"1.5s\"")]
    [InlineData("string(timestamp('2023-01-01T00:00:00Z'))", "\"2023-01-01T00:00:00Z\"")]
    [InlineData("int(timestamp('2023-01-01T00:00:00Z'))", "1672531200")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Show(Evaluate(expression)));

    [Theory]
    [InlineData("duration('1x')", "invalid duration argument: time: invalid duration \"1x\"")]
    [InlineData("timestamp('yesterday')", "timestamp conversion error: parsing time \"yesterday\" as RFC 3339")]
    [InlineData("timestamp('2023-01-01T00:00:00Z') + timestamp('2023-01-01T00:00:00Z')", "no such overload: google.protobuf.Timestamp + google.protobuf.Timestamp")]
    public void FailsAsCelFails(string expression, string error) => Assert.Equal(error, Error(expression));
}
