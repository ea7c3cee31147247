namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// CEL's optional type (cel-go's OptionalTypes, which Kubernetes enables): what `x.?f` and `x[?k]` yield, made with
/// optional.of/none/ofNonZeroValue, read with hasValue(), value(), orValue() and or().
/// </summary>
internal sealed class CelOptional : IEquatable<CelOptional>
{
    public static readonly CelOptional None = new(false, null);

    private readonly object? _value;

    private CelOptional(bool hasValue, object? value)
    {
        HasValue = hasValue;
        _value = value;
    }

    public bool HasValue { get; }

    public object? Value => HasValue ? _value : throw new CelException("optional.none() dereference");

    public static CelOptional Of(object? value) => new(true, value);

    /// <summary>optional.ofNonZeroValue: none for null, false, 0, 0u, 0.0, "", an empty list or map.</summary>
    public static CelOptional OfNonZero(object? value) => value switch
    {
        null or false or 0L or 0UL or 0.0 or "" => None,
        _ when CelValues.AsList(value) is { Count: 0 } => None,
        _ when CelValues.Entries(value) is { } entries && !entries.Any() => None,
        _ => Of(value),
    };

    public bool Equals(CelOptional? other) =>
        other is not null && other.HasValue == HasValue && (!HasValue || CelValues.Equal(_value, other._value));

    public override bool Equals(object? obj) => Equals(obj as CelOptional);

    public override int GetHashCode() => HasValue ? 1 : 0;

    public override string ToString() => HasValue ? $"optional.of({CelConvert.Format(new List<object?> { _value })[1..^1]})" : "optional.none()";
}
