using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// Plain YAML scalars typed as go-yaml v2 types them (YAML 1.1, goyaml.v2/resolve.go), which is what kube-apiserver
/// decodes a YAML body with: the table below is resolve.go's rules applied by hand.
/// </summary>
public sealed class YamlToJsonTests
{
    [Theory]
    [InlineData("yes", "true")]
    [InlineData("On", "true")]
    [InlineData("y", "true")]
    [InlineData("No", "false")]
    [InlineData("OFF", "false")]
    [InlineData("~", "null")]
    [InlineData("0x1F", "31")]
    [InlineData("017", "15")]
    [InlineData("-0b101", "-5")]
    [InlineData("0o17", "15")]
    [InlineData("1_000", "1000")]
    [InlineData("+12", "12")]
    [InlineData("1e3", "1000")]
    [InlineData("08", "8")]
    [InlineData(".5", "0.5")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("'017'", "\"017\"")]
    [InlineData("!!str yes", "\"yes\"")]
    [InlineData("2001-12-14", "\"2001-12-14\"")]
    [InlineData("yesterday", "\"yesterday\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    public void APlainScalar_IsTypedAsGoYamlTypesIt(string yaml, string json) =>
        Assert.Equal($$"""{"v":{{json}}}""", YamlToJson.Convert("v: " + yaml)!.ToJsonString());

    /// <summary>
    /// resolve.go tries ParseInt, then ParseUint (no sign), then ParseFloat: an integer past 64 bits is a float, and a
    /// float past a double's range is ParseFloat's ErrRange, so the scalar stays a string.
    /// </summary>
    [Theory]
    [InlineData("99999999999999999999", 1e20)]
    [InlineData("-9223372036854775809", -9223372036854775809d)]
    [InlineData("+18446744073709551615", 18446744073709551615d)]
    [InlineData("0777777777777777777777777", 777777777777777777777777d)]
    public void AnIntegerPast64Bits_IsAFloat(string yaml, double value)
    {
        var node = YamlToJson.Convert("v: " + yaml)!["v"]!;

        Assert.Equal(System.Text.Json.JsonValueKind.Number, node.GetValueKind());
        Assert.Equal(value, node.GetValue<double>());
    }

    [Fact]
    public void AFloatPastADoublesRange_AndAThousandsOfDigitsLongNumber_StayStrings()
    {
        var digits = new string('9', 100_000);

        Assert.Equal("1e400", YamlToJson.Convert("v: 1e400")!["v"]!.GetValue<string>());
        Assert.Equal(".1e400", YamlToJson.Convert("v: .1e400")!["v"]!.GetValue<string>());
        Assert.Equal(digits, YamlToJson.Convert("v: " + digits)!["v"]!.GetValue<string>());
    }

    [Fact]
    public void NaNKeys_AreNeverRepeats()
    {
        YamlToJson.Convert(".nan: a\n.NaN: b\n", out var duplicates);

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Keys_AreResolvedToo_AndRepeatsCompareResolvedKeys()
    {
        var node = YamlToJson.Convert("y: 1\n1: a\n0x1: b\n\"1\": c\n", out var duplicates);

        // 1 and 0x1 are one int key; "1" is a string key that JSON writes the same (which of the two then lands depends
        // on Go's map order upstream, so only the keys are compared).
        Assert.Equal(["1", "true"], node!.AsObject().Select(p => p.Key));
        Assert.Equal(1, node["true"]!.GetValue<long>());
        Assert.Equal(["line 3: key 1 already set in map"], duplicates);
    }

    [Theory]
    [InlineData("v: .nan", "json: unsupported value: NaN")]
    [InlineData("v: -.inf", "json: unsupported value: -Inf")]
    [InlineData("~: v", "unsupported map key of type: <nil>")]
    [InlineData("18446744073709551615: v", "unsupported map key of type: uint64")]
    public void WhatEncodingJsonCannotWrite_IsRefused(string yaml, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => YamlToJson.Convert(yaml)).Message);
}
