using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// Address and port rules of apimachinery pkg/util/validation (IsValidPortNum, IsValidPortName, IsValidIP,
/// IsValidCIDR) and k8s.io/utils/net's sloppy parsers, which Services, probes, Ingresses and NetworkPolicies share.
/// </summary>
public static class NetValidation
{
    public const string InvalidPortNumber = "must be between 1 and 65535, inclusive";
    public const string InvalidIp = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    public const string InvalidCidr = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    /// <summary>IsValidPortNum: the message, or null for 1..65535.</summary>
    public static string? PortNumberError(long port) => port is < 1 or > 65535 ? InvalidPortNumber : null;

    /// <summary>Whether <see cref="PortNameErrors"/> finds nothing, without enumerating them (every pod's named ports pass here).</summary>
    public static bool IsValidPortName(string name) =>
        name.Length is > 0 and <= 15
        && !name.AsSpan().ContainsAnyExcept(PortNameChars)
        && name.AsSpan().ContainsAnyInRange('a', 'z')
        && !name.Contains("--", StringComparison.Ordinal)
        && name[0] != '-' && name[^1] != '-';

    private static readonly System.Buffers.SearchValues<char> PortNameChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>IsValidPortName of k8s.io/apimachinery/pkg/util/validation: every rule the name breaks, in upstream's order.</summary>
    public static IEnumerable<string> PortNameErrors(string name)
    {
        // Go's len counts bytes; the charset pattern ^[-a-z0-9]+$ fails on an empty name too.
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 15)
        {
            yield return "must be no more than 15 characters";
        }
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }
        if (!name.Any(c => c is >= 'a' and <= 'z'))
        {
            yield return "must contain at least one letter (a-z)";
        }
        if (name.Contains("--", StringComparison.Ordinal))
        {
            yield return "must not contain consecutive hyphens";
        }
        if (name.StartsWith('-') || name.EndsWith('-'))
        {
            yield return "must not begin or end with a hyphen";
        }
    }

    /// <summary>Whether <see cref="ValidatePortNumOrName"/> would report nothing, so callers build a path only for a bad port.</summary>
    public static bool IsValidPortNumOrName(IntOrString? port) =>
        port is not null && (IntOrStringType.IsString(port)
            ? IsValidPortName(port.Value)
            : long.TryParse(port.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && PortNumberError(n) is null);

    /// <summary>
    /// core validation's ValidatePortNumOrName: a number is a port number, a string (<c>"80"</c> too) a port name. An absent
    /// port is intstr's zero value, the integer 0.
    /// </summary>
    public static void ValidatePortNumOrName(IntOrString? port, string path, FieldErrors errors)
    {
        if (port is not null && IntOrStringType.IsString(port))
        {
            foreach (var message in PortNameErrors(port.Value))
            {
                errors.Invalid(path, port.Value, message);
            }
            return;
        }
        var number = port is null ? 0 : long.Parse(port.Value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (PortNumberError(number) is { } numberError)
        {
            errors.Invalid(path, number, numberError);
        }
    }

    /// <summary>
    /// netutils.ParseIPSloppy: a dotted quad of four decimal parts (leading zeros allowed), or any IPv6 form without a
    /// zone or brackets; not the shorthand forms .NET's parser also takes ("1", "1.2", hex).
    /// </summary>
    public static IPAddress? SloppyIp(string value)
    {
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return !value.Contains('%', StringComparison.Ordinal) && !value.Contains('[', StringComparison.Ordinal)
                && IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }
        var parts = value.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || int.Parse(p, CultureInfo.InvariantCulture) > 255))
        {
            return null;
        }
        return new IPAddress(parts.Select(p => byte.Parse(p, CultureInfo.InvariantCulture)).ToArray());
    }
}
