using MiniApiServer.Application.Admission;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>IsValidPortName (apimachinery pkg/util/validation): the quick check and the messages agree, name by name.</summary>
public sealed class PortNameTests
{
    [Theory]
    [InlineData("http")]
    [InlineData("web-1")]
    [InlineData("a")]
    [InlineData("123a")]
    [InlineData("abcdefghijklmno")]
    public void ValidNames_PassBothChecks(string name)
    {
        Assert.True(NetValidation.IsValidPortName(name));
        Assert.Empty(NetValidation.PortNameErrors(name));
    }

    [Theory]
    [InlineData("", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)|must contain at least one letter (a-z)")]
    [InlineData("HTTP", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)|must contain at least one letter (a-z)")]
    [InlineData("80", "must contain at least one letter (a-z)")]
    [InlineData("-a", "must not begin or end with a hyphen")]
    [InlineData("a--b", "must not contain consecutive hyphens")]
    [InlineData("abcdefghijklmnop", "must be no more than 15 characters")]
    public void InvalidNames_FailTheQuickCheck_AndSayWhy(string name, string messages)
    {
        Assert.False(NetValidation.IsValidPortName(name));
        Assert.Equal(messages.Split('|'), NetValidation.PortNameErrors(name));
    }
}
