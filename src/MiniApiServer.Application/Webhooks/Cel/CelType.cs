namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>A CEL type as a value: what type(x) returns and what the identifiers `int`, `string`, ... denote.</summary>
internal sealed record CelType(string Name)
{
    private static readonly HashSet<string> Declared =
        ["bool", "int", "uint", "double", "string", "bytes", "list", "map", "null_type", "type", "google.protobuf.Timestamp", "google.protobuf.Duration"];

    public static CelType? Named(string name) => Declared.Contains(name) ? new CelType(name) : null;

    public static CelType Of(object? value) => new(CelValues.TypeName(value));

    public override string ToString() => Name;
}
