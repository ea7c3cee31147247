using System.Globalization;
using System.Runtime.CompilerServices;
using k8s.Models;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// intstr.IntOrString's Type, which the client library's model drops: it keeps only the text and writes any text that
/// reads as an integer back as a number. Upstream keeps <c>"80"</c> a string, and its validation refuses a quoted
/// number where a port name or a percentage must be a string. Values decoded from a JSON string that reads as an
/// integer are remembered here (rare, so a weak table beside the model costs nothing on the common path).
/// </summary>
public static class IntOrStringType
{
    private static readonly ConditionalWeakTable<IntOrString, object> NumericStrings = [];
    private static readonly object Marker = new();

    /// <summary>The value of a JSON string: Type String, whatever its text.</summary>
    public static IntOrString FromString(string text)
    {
        IntOrString value = text;
        if (IsInteger(text))
        {
            NumericStrings.AddOrUpdate(value, Marker);
        }
        return value;
    }

    /// <summary>Type String: text a JSON string gave, or text that is no integer.</summary>
    public static bool IsString(IntOrString value) => WasQuoted(value) || !IsInteger(value.Value);

    /// <summary>A JSON string whose text reads as an integer gave this value.</summary>
    public static bool WasQuoted(IntOrString value) => NumericStrings.TryGetValue(value, out _);

    /// <summary>How the client library tells a number from a name (long.TryParse), kept for values built in code.</summary>
    internal static bool IsInteger(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
}
