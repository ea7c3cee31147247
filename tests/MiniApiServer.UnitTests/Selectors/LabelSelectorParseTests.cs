using MiniApiServer.Application.Selectors;

namespace MiniApiServer.UnitTests.Selectors;

/// <summary>
/// Label selector strings as apimachinery's pkg/labels/selector.go parses them (its selector_test.go cases), with its
/// messages; the expected texts are upstream's.
/// </summary>
public sealed class LabelSelectorParseTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["replicas"] = "5" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web,tier!=back", true)]
    [InlineData("app in (web, api),!legacy", true)]
    [InlineData("tier notin (front)", false)]
    [InlineData("replicas>3", true)]
    [InlineData("replicas<3", false)]
    [InlineData("app>3", false)]
    [InlineData("  app  ", true)]
    [InlineData("app=", false)]
    [InlineData("missing in ()", false)]
    public void Matches(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a,", "found '', expected: identifier after ','")]
    [InlineData("a in (x", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("a in x", "unable to parse requirement: found 'x' expected: '('")]
    [InlineData("a=b c", "found 'c', expected: ',' or 'end of string'")]
    [InlineData("-a", "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("-a/b_", "unable to parse requirement: <nil>: Invalid value: \"-a/b_\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'); name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("a>x", "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("a=-x", "unable to parse requirement: values[0][a]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    public void Refuses_WithUpstreamMessages(string selector, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => LabelSelector.Parse(selector)).Message);
}
