using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// intstr.IntOrString values as rolling updates and disruption budgets use them: apps validation's
/// ValidatePositiveIntOrPercent, IsNotMoreThan100Percent and getIntOrPercentValue, and intstr's
/// GetScaledValueFromIntOrPercent. A string is a percentage or nothing: <c>"3"</c> is refused, as upstream keeps it a string.
/// </summary>
public static class IntOrPercent
{
    private const string PercentError = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /// <summary>ValidatePositiveIntOrPercent: a string must be a percentage, an integer must not be negative. Nothing for null.</summary>
    public static void ValidatePositive(IntOrString? value, string path, FieldErrors errors)
    {
        if (value is null)
        {
            return;
        }
        if (IntOrStringType.IsString(value))
        {
            if (PercentValue(value) is null)
            {
                errors.Invalid(path, Syntax(value), PercentError);
            }
        }
        else if (IntValue(value) < 0)
        {
            errors.Invalid(path, (long)IntValue(value), "must be greater than or equal to 0");
        }
    }

    /// <summary>IsNotMoreThan100Percent: only a well-formed percentage is checked.</summary>
    public static void NotMoreThan100Percent(IntOrString? value, string path, FieldErrors errors)
    {
        if (value is not null && PercentValue(value) is > 100)
        {
            errors.Invalid(path, Syntax(value), "must not be greater than 100%");
        }
    }

    /// <summary>getIntOrPercentValue: a percentage's number, else IntValue() (strconv.Atoi of a string, 0 when it is none).</summary>
    public static int Value(IntOrString? value) => value is null ? 0 : PercentValue(value) ?? IntValue(value);

    /// <summary>field.Invalid prints an IntOrString with %#v (it is no fmt.Stringer by value).</summary>
    public static GoSyntax Syntax(IntOrString? value) => value is not null && IntOrStringType.IsString(value)
        ? new($"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{GoSyntax.Quote(value.Value)}}}")
        : new($"intstr.IntOrString{{Type:0, IntVal:{(value is null ? 0 : IntValue(value))}, StrVal:\"\"}}");

    /// <summary>GetScaledValueFromIntOrPercent: percentages of <paramref name="total"/>, rounded up or down.</summary>
    public static int Scaled(IntOrString? value, int total, bool roundUp)
    {
        if (value is null)
        {
            return 0;
        }
        if (PercentValue(value) is { } pct)
        {
            var scaled = pct * (double)total / 100.0;
            return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        }
        return IntValue(value);
    }

    /// <summary>getPercentValue: the number of a string matching ^[0-9]+%$, or null.</summary>
    private static int? PercentValue(IntOrString value)
    {
        var raw = value.Value;
        if (!IntOrStringType.IsString(value) || raw is null || raw.Length < 2 || !raw.EndsWith('%') || !raw[..^1].All(char.IsAsciiDigit))
        {
            return null;
        }
        return int.TryParse(raw[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var pct) ? pct : int.MaxValue;
    }

    /// <summary>IntOrString.IntValue(): the integer, or strconv.Atoi of a string (0 when it is none).</summary>
    private static int IntValue(IntOrString value) =>
        int.TryParse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
