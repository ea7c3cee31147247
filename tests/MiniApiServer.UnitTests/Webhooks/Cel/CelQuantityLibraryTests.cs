using MiniApiServer.Application.Webhooks.Cel;
using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// Kubernetes' quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): comparisons are exact across suffixes,
/// arithmetic keeps the receiver's format, asInteger fails for a fraction or past int64.
/// </summary>
public sealed class CelQuantityLibraryTests
{
    [Theory]
    [InlineData("isQuantity('1.3G')", "true")]
    [InlineData("isQuantity('1.3Gi')", "true")]
    [InlineData("isQuantity('1,3G')", "false")]
    [InlineData("isQuantity('10000k')", "true")]
    [InlineData("isQuantity('200K')", "false")]
    [InlineData("isQuantity('Three')", "false")]
    [InlineData("isQuantity('Mi')", "false")]
    [InlineData("quantity('1Gi').isGreaterThan(quantity('1G'))", "true")]
    [InlineData("quantity('500m').isLessThan(quantity('1'))", "true")]
    [InlineData("quantity('1').isLessThan(quantity('1000m'))", "false")]
    [InlineData("quantity('1').compareTo(quantity('1000m'))", "0")]
    [InlineData("quantity('200M').compareTo(quantity('0.2G'))", "0")]
    [InlineData("quantity('2').compareTo(quantity('1'))", "1")]
    [InlineData("quantity('1').compareTo(quantity('2'))", "-1")]
    [InlineData("quantity('1') == quantity('1000m')", "true")]
    [InlineData("quantity('1') != quantity('1001m')", "true")]
    [InlineData("quantity('1Gi').asInteger()", "1073741824")]
    [InlineData("quantity('1k').asInteger()", "1000")]
    [InlineData("quantity('50703').asInteger()", "50703")]
    [InlineData("quantity('1k').isInteger()", "true")]
    [InlineData("quantity('1.5').isInteger()", "false")]
    [InlineData("quantity('9E').isInteger()", "true")]
    [InlineData("quantity('10E').isInteger()", "false")]
    [InlineData("quantity('50.703k').asApproximateFloat()", "50703d")]
    [InlineData("quantity('1.5').asApproximateFloat()", "1.5d")]
    [InlineData("quantity('-5').sign()", "-1")]
    [InlineData("quantity('0').sign()", "0")]
    [InlineData("quantity('5m').sign()", "1")]
    [InlineData("quantity('50k').add(quantity('20')).compareTo(quantity('50.02k'))", "0")]
    [InlineData("quantity('50k').add(20).isInteger() && quantity('50k').add(20).asInteger() == 50020", "true")]
    [InlineData("quantity('50k').sub(quantity('20')).asInteger()", "49980")]
    [InlineData("quantity('10').sub(3).asInteger()", "7")]
    [InlineData("quantity('1').sub(quantity('500m')).asApproximateFloat()", "0.5d")]
    public void Evaluates(string expression, string expected) => Assert.Equal(expected, Show(Evaluate(expression)));

    [Theory]
    [InlineData("quantity('1Gi').add(quantity('1Gi'))", "2Gi")]
    [InlineData("quantity('500m').add(quantity('500m'))", "1")]
    [InlineData("quantity('1k').sub(1)", "999")]
    public void KeepsTheReceiversFormat(string expression, string expected) => Assert.Equal(expected, Show(Evaluate(expression)));

    [Theory]
    [InlineData("quantity('1.5').asInteger()", "cannot convert value to integer")]
    [InlineData("quantity('10E').asInteger()", "cannot convert value to integer")]
    [InlineData("quantity('Three')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("quantity(1)", "no such overload: quantity(int)")]
    [InlineData("quantity('1').isLessThan(1)", "no such overload: kubernetes.Quantity.isLessThan(int)")]
    public void FailsAsCelFails(string expression, string error) => Assert.Equal(error, Error(expression));

    [Fact]
    public void AQuantityPrintsCanonically() => Assert.Equal("1536Mi", CelConvert.Format(Evaluate("quantity('1.5Gi')")));
}
