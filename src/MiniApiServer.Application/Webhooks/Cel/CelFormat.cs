using MiniApiServer.Application.Admission;
using MiniApiServer.Application.CustomResources;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// kubernetes.NamedFormat of Kubernetes' format library (k8s.io/apiserver/pkg/cel/library/format.go, in the base
/// environment since 1.31): `format.named(name)` or `format.NAME()`, and `validate(s)`, which is optional.none() for a
/// valid string and otherwise the list of apimachinery's messages (or strfmt's one-line verdict for the CRD formats).
/// </summary>
internal sealed record CelFormat(string Name) : ICelReceiver
{
    private static readonly Dictionary<string, Func<string, IReadOnlyList<string>>> Formats = new(StringComparer.Ordinal)
    {
        ["dns1123Label"] = ObjectMetaValidation.LabelNameErrors,
        ["dns1123Subdomain"] = s => [.. ObjectMetaValidation.SubdomainErrors(s)],
        ["dns1035Label"] = ObjectMetaValidation.Dns1035LabelErrors,
        ["qualifiedName"] = ObjectMetaValidation.QualifiedNameErrors,
        // NameIsDNS*(name, prefix: true): a generateName prefix may end in '-', masked as a letter before the check.
        ["dns1123LabelPrefix"] = s => ObjectMetaValidation.LabelNameErrors(MaskTrailingDash(s)),
        ["dns1123SubdomainPrefix"] = s => [.. ObjectMetaValidation.SubdomainErrors(MaskTrailingDash(s))],
        ["dns1035LabelPrefix"] = s => ObjectMetaValidation.Dns1035LabelErrors(MaskTrailingDash(s)),
        ["labelValue"] = ObjectMetaValidation.LabelValueErrors,
        ["uri"] = s => CelUrl.TryParse(s, out _, out var error) ? [] : [$"parse {GoSyntax.Quote(s)}: {error}"],
        ["uuid"] = s => StringFormats.IsValid("uuid", s) ? [] : ["does not match the UUID format"],
        ["byte"] = s => StringFormats.IsValid("byte", s) ? [] : ["invalid base64"],
        ["date"] = s => StringFormats.IsValid("date", s) ? [] : ["invalid date"],
        ["datetime"] = s => StringFormats.IsValid("datetime", s) ? [] : ["invalid datetime"],
    };

    public string TypeName => "kubernetes.NamedFormat";

    public static IEnumerable<string> Names => Formats.Keys;

    /// <summary>format.named: the format, or optional.none() for a name the library does not have.</summary>
    public static CelOptional Named(string name) => Formats.ContainsKey(name) ? CelOptional.Of(new CelFormat(name)) : CelOptional.None;

    public object? Call(string name, object?[] args) => (name, args) switch
    {
        ("validate", [string s]) => Formats[Name](s) is { Count: > 0 } errors ? CelOptional.Of(errors.Cast<object?>().ToList()) : CelOptional.None,
        _ => throw CelMethods.NoOverload(name, this, args),
    };

    private static string MaskTrailingDash(string s) => s.Length > 1 && s[^1] == '-' ? s[..^1] + "a" : s;
}
