using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// The quantity methods of Kubernetes' quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): comparisons
/// are exact (Cmp), add and sub take a quantity or an int and keep the receiver's format, asInteger fails unless
/// the value is a whole number that fits int64.
/// </summary>
internal static class CelQuantities
{
    public static object Call(string name, CelQuantity q, object?[] args) => (name, args) switch
    {
        ("isGreaterThan", [CelQuantity other]) => q.Exact > other.Exact,
        ("isLessThan", [CelQuantity other]) => q.Exact < other.Exact,
        ("compareTo", [CelQuantity other]) => (long)q.Exact.CompareTo(other.Exact),
        ("add", [CelQuantity other]) => new CelQuantity(QuantityMath.Add(q.Quantity, other.Quantity)),
        ("add", [long other]) => new CelQuantity(QuantityMath.Add(q.Quantity, new ResourceQuantity(other, 0, ResourceQuantity.SuffixFormat.DecimalSI))),
        ("sub", [CelQuantity other]) => new CelQuantity(QuantityMath.Subtract(q.Quantity, other.Quantity)),
        ("sub", [long other]) => new CelQuantity(QuantityMath.Subtract(q.Quantity, new ResourceQuantity(other, 0, ResourceQuantity.SuffixFormat.DecimalSI))),
        ("sign", []) => (long)Math.Sign(q.Exact),
        ("isInteger", []) => IsInteger(q.Exact),
        ("asInteger", []) => IsInteger(q.Exact) ? (long)q.Exact : throw new CelException("cannot convert value to integer"),
        ("asApproximateFloat", []) => (double)q.Exact,
        _ => throw CelMethods.NoOverload(name, q, args),
    };

    private static bool IsInteger(decimal value) => value == decimal.Truncate(value) && value >= long.MinValue && value <= long.MaxValue;
}
