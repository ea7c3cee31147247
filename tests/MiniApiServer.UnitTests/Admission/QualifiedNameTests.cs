using MiniApiServer.Application.Admission;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>
/// Label and annotation keys: apimachinery's IsQualifiedName (staging/src/k8s.io/apimachinery/pkg/util/validation/
/// validation.go), an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters.
/// </summary>
public sealed class QualifiedNameTests
{
    [Theory]
    [InlineData("app")]
    [InlineData("App_1.x-y")]
    [InlineData("example.com/app")]
    [InlineData("bench.miniapi.io/sent-ticks")]
    [InlineData("a/b")]
    public void ValidKeys_HaveNoError(string key) => Assert.Null(ObjectMetaValidation.QualifiedNameError(key));

    [Theory]
    [InlineData("/app", "prefix part must be non-empty")]
    [InlineData("example.com/", "name part must be non-empty")]
    [InlineData("", "name part must be non-empty")]
    [InlineData("Example.com/app", "prefix part a lowercase RFC 1123 subdomain must consist of")]
    [InlineData("-bad.com/app", "prefix part a lowercase RFC 1123 subdomain must consist of")]
    [InlineData("a/b/c", "a qualified name must consist of")]
    [InlineData("//", "a qualified name must consist of")]
    [InlineData("-app", "name part must consist of alphanumeric characters")]
    [InlineData("example.com/app-", "name part must consist of alphanumeric characters")]
    public void InvalidKeys_GetUpstreamsMessage(string key, string start) =>
        Assert.StartsWith(start, ObjectMetaValidation.QualifiedNameError(key), StringComparison.Ordinal);

    [Fact]
    public void LongParts_AreRefused()
    {
        Assert.Equal("name part must be no more than 63 characters", ObjectMetaValidation.QualifiedNameError(new string('a', 64)));
        Assert.Null(ObjectMetaValidation.QualifiedNameError(new string('a', 63)));
        var prefix = string.Join('.', Enumerable.Repeat(new string('p', 50), 5)) + ".io";
        Assert.Equal("prefix part must be no more than 253 characters", ObjectMetaValidation.QualifiedNameError(prefix + "/app"));
        Assert.Null(ObjectMetaValidation.QualifiedNameError(prefix[..250] + "/app"));
    }
}
