using System.Text.Json.Nodes;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>fmt's %v of a decoded JSON document, as Go prints it (the expected texts are Go's own output for these values).</summary>
public sealed class GoValueTextTests
{
    [Theory]
    [InlineData("""{"b":[1,"x",true,null],"a":{}}""", "map[a:map[] b:[1 x true <nil>]]")]
    [InlineData("""{"Z":1,"a":2,"_":3}""", "map[Z:1 _:3 a:2]")]
    [InlineData("""[]""", "[]")]
    [InlineData("""{"n":-9223372036854775808}""", "map[n:-9223372036854775808]")]
    [InlineData("""{"n":9223372036854775808}""", "map[n:9.223372036854776e+18]")]
    [InlineData("""{"n":1.0}""", "map[n:1]")]
    [InlineData("""{"n":1e2}""", "map[n:100]")]
    public void Documents(string json, string expected) => Assert.Equal(expected, GoValueText.Of(JsonNode.Parse(json)));

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(123456.5, "123456.5")]
    [InlineData(1234567.5, "1.2345675e+06")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1e20, "1e+20")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00012, "0.00012")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(0.1, "0.1")]
    [InlineData(100000.0, "100000")]
    public void Floats_AsStrconvFormatsThemWithGAndShortestPrecision(double value, string expected) =>
        Assert.Equal(expected, GoValueText.Float(value));
}
