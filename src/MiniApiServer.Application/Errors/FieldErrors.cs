namespace MiniApiServer.Application.Errors;

/// <summary>Collects field errors with the messages of apimachinery's field.Error (pkg/util/validation/field/errors.go).</summary>
public sealed class FieldErrors
{
    private readonly List<StatusCause> _causes = [];

    public IReadOnlyList<StatusCause> Causes => _causes;

    public bool Any => _causes.Count > 0;

    public int Count => _causes.Count;

    public void Add(StatusCause cause) => _causes.Add(cause);

    /// <summary>The causes added since <paramref name="from"/> go before the earlier ones, in their order.</summary>
    public void MoveToFront(int from)
    {
        if (from == 0 || from == _causes.Count)
        {
            return;
        }
        var moved = _causes.GetRange(from, _causes.Count - from);
        _causes.RemoveRange(from, moved.Count);
        _causes.InsertRange(0, moved);
    }

    /// <summary>Drops the causes added since <paramref name="from"/>.</summary>
    public void RemoveFrom(int from) => _causes.RemoveRange(from, _causes.Count - from);

    public void Required(string field, string detail = "") =>
        _causes.Add(new("FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}", field));

    public void Invalid(string field, object? value, string detail) =>
        _causes.Add(new("FieldValueInvalid", $"Invalid value: {Render(value)}: {detail}", field));

    /// <summary>field.TypeInvalid: printed as Invalid is, with a reason of its own (which blocks a CRD's CEL rules).</summary>
    public void TypeInvalid(string field, object? value, string detail) =>
        _causes.Add(new("FieldValueTypeInvalid", $"Invalid value: {Render(value)}: {detail}", field));

    public void NotSupported(string field, object? value, params string[] supported) =>
        _causes.Add(new("FieldValueNotSupported",
            $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}", field));

    public void Forbidden(string field, string detail) =>
        _causes.Add(new("FieldValueForbidden", $"Forbidden: {detail}", field));

    public void Duplicate(string field, object? value, string detail = "") =>
        _causes.Add(new("FieldValueDuplicate", detail.Length == 0 ? $"Duplicate value: {Render(value)}" : $"Duplicate value: {Render(value)}: {detail}", field));

    public void NotFound(string field, object? value) =>
        _causes.Add(new("FieldValueNotFound", $"Not found: {Render(value)}", field));

    public void TooLong(string field, int max) =>
        _causes.Add(new("FieldValueTooLong", $"Too long: may not be more than {max} bytes", field));

    public void TooMany(string field, int actual, int max) =>
        _causes.Add(new("FieldValueTooMany", $"Too many: {actual}: must have at most {max} {(max == 1 ? "item" : "items")}", field));

    public void Immutable(string field, object? value) => Invalid(field, value, "field is immutable");

    /// <summary>Adds <paramref name="other"/>'s errors with the path prefix <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    public void AddRebased(FieldErrors other, string from, string to) =>
        _causes.AddRange(other._causes.Select(c => c.Field.StartsWith(from, StringComparison.Ordinal) ? c with { Field = to + c.Field[from.Length..] } : c));

    // field.Error's ErrorBody: a string is printed with %q, so a tab or a quote inside it is escaped.
    private static string Render(object? value) => value switch
    {
        null => "null",
        string s => GoSyntax.Quote(s),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };
}
