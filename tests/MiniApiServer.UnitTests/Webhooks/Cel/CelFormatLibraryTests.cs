using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>Kubernetes' format library (k8s.io/apiserver/pkg/cel/library/format.go and format_test.go's cases).</summary>
public sealed class CelFormatLibraryTests
{
    private const string LabelPattern =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    [Theory]
    [InlineData("format.dns1123Label().validate('my-label-name').hasValue()", false)]
    [InlineData("format.dns1123Label().validate('Not_A_Label').hasValue()", true)]
    [InlineData("format.named('dns1123Label').value().validate('abc').hasValue()", false)]
    [InlineData("format.named('bogus').hasValue()", false)]
    [InlineData("format.named('uuid').hasValue()", true)]
    [InlineData("format.dns1123Subdomain().validate('apiextensions.k8s.io').hasValue()", false)]
    [InlineData("format.dns1123Subdomain().validate('-bad.example').hasValue()", true)]
    [InlineData("format.dns1035Label().validate('my-label-name').hasValue()", false)]
    [InlineData("format.dns1035Label().validate('1abc').hasValue()", true)]
    [InlineData("format.qualifiedName().validate('apiextensions.k8s.io/v1beta1').hasValue()", false)]
    [InlineData("format.qualifiedName().validate('a/b/c').hasValue()", true)]
    [InlineData("format.dns1123LabelPrefix().validate('my-label-prefix-').hasValue()", false)]
    [InlineData("format.dns1123Label().validate('my-label-prefix-').hasValue()", true)]
    [InlineData("format.dns1123SubdomainPrefix().validate('mysubdomain.prefix.-').hasValue()", false)]
    [InlineData("format.dns1035LabelPrefix().validate('my-label-prefix-').hasValue()", false)]
    [InlineData("format.labelValue().validate('my_value').hasValue()", false)]
    [InlineData("format.labelValue().validate('').hasValue()", false)]
    [InlineData("format.labelValue().validate('-x').hasValue()", true)]
    [InlineData("format.uri().validate('http://example.com').hasValue()", false)]
    [InlineData("format.uri().validate('example.com').hasValue()", true)]
    [InlineData("format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()", false)]
    [InlineData("format.uuid().validate('123E4567E89B12D3A456426614174000').hasValue()", false)]
    [InlineData("format.uuid().validate('123e4567-e89b-12d3-a456').hasValue()", true)]
    [InlineData("format.byte().validate('aGVsbG8=').hasValue()", false)]
    [InlineData("format.byte().validate('aGVsbG8').hasValue()", true)]
    [InlineData("format.date().validate('2021-01-01').hasValue()", false)]
    [InlineData("format.date().validate('2021-13-01').hasValue()", true)]
    [InlineData("format.datetime().validate('2021-01-01T00:00:00Z').hasValue()", false)]
    [InlineData("format.datetime().validate('2021-01-01T00:00:00.123+02:00').hasValue()", false)]
    [InlineData("format.datetime().validate('2021-01-01').hasValue()", true)]
    public void Validates(string expression, bool invalid) => Assert.Equal(invalid, Evaluate(expression));

    [Fact]
    public void Validate_ListsEveryMessage_LengthAndPattern()
    {
        var name = new string('A', 64);

        var errors = Evaluate($"format.dns1123Label().validate('{name}').value()");

        Assert.Equal(["must be no more than 63 characters", LabelPattern], Assert.IsAssignableFrom<IEnumerable<object?>>(errors));
    }

    [Fact]
    public void Uri_Error_IsGoUrlErrorText() =>
        Assert.Equal("parse \"example.com\": invalid URI for request", Evaluate("format.uri().validate('example.com').value()[0]"));

    [Fact]
    public void Type_IsNamedFormat() => Assert.Equal("kubernetes.NamedFormat", Show(Evaluate("type(format.uuid())")));
}
