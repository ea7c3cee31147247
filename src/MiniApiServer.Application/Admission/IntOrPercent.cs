using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>intstr.IntOrString values as RollingUpdate uses them (validation and GetScaledValueFromIntOrPercent).</summary>
public static class IntOrPercent
{
    /// <summary>Returns the value as a number (percent or int) for zero checks, or null after recording an error.</summary>
    public static int? Validate(IntOrString? value, string path, FieldErrors errors)
    {
        if (value?.Value is not { } raw)
        {
            return 0;
        }
        if (raw.EndsWith('%'))
        {
            if (!int.TryParse(raw[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var pct))
            {
                errors.Invalid(path, raw, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
                return null;
            }
            if (pct > 100)
            {
                errors.Invalid(path, raw, "must not be greater than 100%");
                return null;
            }
            return pct;
        }
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            errors.Invalid(path, raw, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
            return null;
        }
        if (n < 0)
        {
            errors.Invalid(path, n, "must be greater than or equal to 0");
            return null;
        }
        return n;
    }

    /// <summary>GetScaledValueFromIntOrPercent: percentages of <paramref name="total"/>, rounded up or down.</summary>
    public static int Scaled(IntOrString? value, int total, bool roundUp)
    {
        var raw = value?.Value;
        if (string.IsNullOrEmpty(raw))
        {
            return 0;
        }
        if (raw.EndsWith('%'))
        {
            var pct = int.Parse(raw[..^1], CultureInfo.InvariantCulture);
            var scaled = pct * (double)total / 100.0;
            return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        }
        return int.Parse(raw, CultureInfo.InvariantCulture);
    }
}
