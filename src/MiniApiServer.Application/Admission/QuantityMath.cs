using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The parts of apimachinery's resource.Quantity that admission compares and adds with: Value and MilliValue round
/// up to whole units (ScaledValue), Cmp is exact, Add keeps the first operand's format, String is canonical.
/// Values past decimal's range (quantities near the 1e64 bound) saturate, where Go's int64 would wrap.
/// </summary>
public static class QuantityMath
{
    /// <summary>resource.MaxMilliValue: past it a milli value would overflow int64.</summary>
    public const long MaxMilliValue = long.MaxValue / 1000;

    public static decimal Exact(ResourceQuantity q)
    {
        try
        {
            return q.ToDecimal();
        }
        catch (OverflowException)
        {
            return q.ToDouble() < 0 ? decimal.MinValue : decimal.MaxValue;
        }
    }

    public static long Value(ResourceQuantity q) => Scaled(Exact(q), 1);

    public static long MilliValue(ResourceQuantity q) => Scaled(Exact(q), 1000);

    public static int Compare(ResourceQuantity a, ResourceQuantity b) => Exact(a).CompareTo(Exact(b));

    public static string Text(ResourceQuantity q) => BoundedQuantityConverter.Canonical(q);

    /// <summary>a + b in a's format (Quantity.Add), or b's when a is zero.</summary>
    public static ResourceQuantity Add(ResourceQuantity a, ResourceQuantity b)
    {
        var sum = Exact(a) + Exact(b);
        var format = Exact(a) == 0 ? b.Format : a.Format;
        return new ResourceQuantity(sum, 0, format);
    }

    /// <summary>a - b in a's format (Quantity.Sub).</summary>
    public static ResourceQuantity Subtract(ResourceQuantity a, ResourceQuantity b) => new(Exact(a) - Exact(b), 0, a.Format);

    /// <summary>A resource list in name order, as Go writes a map: status.used and status.hard read the same on every write.</summary>
    public static Dictionary<string, ResourceQuantity> Sorted(IDictionary<string, ResourceQuantity> list) =>
        list.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static long Scaled(decimal value, decimal factor)
    {
        if (Math.Abs(value) > (decimal)long.MaxValue / factor)
        {
            return value < 0 ? long.MinValue : long.MaxValue;
        }
        return (long)Math.Ceiling(value * factor);
    }
}
