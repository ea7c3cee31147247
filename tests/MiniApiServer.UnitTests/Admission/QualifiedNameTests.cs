using MiniApiServer.Application.Admission;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>
/// Label and annotation keys: apimachinery's IsQualifiedName (staging/src/k8s.io/apimachinery/pkg/util/validation/
/// validation.go), an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. Every message
/// that applies, in upstream's order.
/// </summary>
public sealed class QualifiedNameTests
{
    private const string NamePart =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string PrefixPart =
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string ThreeParts =
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";

    [Theory]
    [InlineData("app")]
    [InlineData("App_1.x-y")]
    [InlineData("example.com/app")]
    [InlineData("bench.miniapi.io/sent-ticks")]
    [InlineData("a/b")]
    public void ValidKeys_HaveNoError(string key) => Assert.Empty(ObjectMetaValidation.QualifiedNameErrors(key));

    public static TheoryData<string, string[]> InvalidKeys => new()
    {
        { "/app", ["prefix part must be non-empty"] },
        { "example.com/", ["name part must be non-empty", NamePart] },
        { "", ["name part must be non-empty", NamePart] },
        { "Example.com/app", [PrefixPart] },
        { "-bad.com/app", [PrefixPart] },
        { "-a/b_", [PrefixPart, NamePart] },
        { "/", ["prefix part must be non-empty", "name part must be non-empty", NamePart] },
        { "a/b/c", [ThreeParts] },
        { "//", [ThreeParts] },
        { "-app", [NamePart] },
        { "example.com/app-", [NamePart] },
        { new string('_', 64), ["name part must be no more than 63 characters", NamePart] },
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public void InvalidKeys_GetEveryUpstreamMessage(string key, string[] messages) =>
        Assert.Equal(messages, ObjectMetaValidation.QualifiedNameErrors(key));

    [Fact]
    public void LongParts_AreRefused()
    {
        Assert.Equal(["name part must be no more than 63 characters"], ObjectMetaValidation.QualifiedNameErrors(new string('a', 64)));
        Assert.Empty(ObjectMetaValidation.QualifiedNameErrors(new string('a', 63)));
        var prefix = string.Join('.', Enumerable.Repeat(new string('p', 50), 5)) + ".io";
        Assert.Equal(["prefix part must be no more than 253 characters"], ObjectMetaValidation.QualifiedNameErrors(prefix + "/app"));
        Assert.Empty(ObjectMetaValidation.QualifiedNameErrors(prefix[..250] + "/app"));
    }
}
