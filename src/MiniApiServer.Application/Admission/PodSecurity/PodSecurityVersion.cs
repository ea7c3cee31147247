using System.Globalization;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// A policy version (pod-security-admission api/helpers.go Version): "latest", or v1.MINOR. Latest is newer than any
/// numbered version, a future one included.
/// </summary>
public readonly record struct PodSecurityVersion(int Minor, bool IsLatest)
{
    public static readonly PodSecurityVersion Latest = new(0, true);

    public static PodSecurityVersion V1(int minor) => new(minor, false);

    public bool Older(PodSecurityVersion other) =>
        !IsLatest && (other.IsLatest || Minor < other.Minor);

    public override string ToString() => IsLatest ? "latest" : $"v1.{Minor.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>ParseVersion: "latest" or ^v1\.([0-9]|[1-9][0-9]*)$; anything else is an error and reads as latest.</summary>
    public static bool TryParse(string text, out PodSecurityVersion version)
    {
        version = Latest;
        if (text == "latest")
        {
            return true;
        }
        var digits = text.StartsWith("v1.", StringComparison.Ordinal) ? text[3..] : "";
        if (digits.Length == 0 || (digits.Length > 1 && digits[0] == '0') || !digits.All(char.IsAsciiDigit)
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }
        version = V1(minor);
        return true;
    }
}
