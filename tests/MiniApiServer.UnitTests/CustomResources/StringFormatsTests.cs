using MiniApiServer.Application.CustomResources;

namespace MiniApiServer.UnitTests.CustomResources;

/// <summary>The string formats a CRD schema checks (apiextensions-apiserver validation/formats.go, strfmt and govalidator's rules).</summary>
public sealed class StringFormatsTests
{
    [Theory]
    [InlineData("isbn10", "0321751043", true)]
    [InlineData("isbn10", "0-321-75104-3", true)]
    [InlineData("isbn10", "0321751044", false)]
    [InlineData("isbn13", "978-0321751041", true)]
    [InlineData("isbn13", "9780321751042", false)]
    [InlineData("isbn", "978 0321751041", true)]
    [InlineData("isbn", "0321751043", true)]
    [InlineData("creditcard", "4111 1111 1111 1111", true)]
    [InlineData("creditcard", "4111-1111-1111-1112", false)]
    [InlineData("ssn", "123-45-6789", true)]
    [InlineData("ssn", "123456789", true)]
    [InlineData("ssn", "12-345-6789", false)]
    [InlineData("date-time", "2024-02-29T10:00:00Z", true)]
    [InlineData("datetime", "yesterday", false)]
    [InlineData("uuid", "123e4567e89b12d3a456426614174000", true)]
    [InlineData("uuid4", "123e4567-e89b-42d3-a456-426614174000", true)]
    [InlineData("uuid4", "123e4567-e89b-12d3-a456-426614174000", false)]
    [InlineData("hexcolor", "#FFF", true)]
    [InlineData("rgbcolor", "rgb(255, 0, 256)", false)]
    [InlineData("mac", "00:1a:2b:3c:4d:5e", true)]
    [InlineData("bsonobjectid", "507f1f77bcf86cd799439011", true)]
    [InlineData("duration", "1h30m", true)]
    [InlineData("duration", "3 days", true)]
    [InlineData("duration", "soon", false)]
    [InlineData("ipv6", "::1", true)]
    [InlineData("ipv4", "::1", false)]
    [InlineData("hostname", "web.example.com", true)]
    [InlineData("hostname", "-bad", false)]
    public void Checks(string format, string value, bool valid) => Assert.Equal(valid, StringFormats.IsValid(format, value));

    [Theory]
    [InlineData("UUID")]
    [InlineData("DateTime")]
    [InlineData("int32")]
    [InlineData("my-own-format")]
    public void FormatsUpstreamDoesNotKnow_AreNotChecked(string format) => Assert.True(StringFormats.IsValid(format, "anything at all"));
}
