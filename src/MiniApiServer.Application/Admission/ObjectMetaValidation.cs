using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>Name, label and annotation rules from apimachinery pkg/util/validation/validation.go, with its messages.</summary>
public static partial class ObjectMetaValidation
{
    private const int TotalAnnotationSizeLimitB = 256 * 1024;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    public static string? SubdomainError(string name) => SubdomainError(name.AsSpan());

    public static string? SubdomainError(ReadOnlySpan<char> name)
    {
        if (name.Length > 253)
        {
            return "must be no more than 253 characters";
        }
        return Dns1123Subdomain().IsMatch(name) ? null : SubdomainRegexError;
    }

    /// <summary>Every IsDNS1123Subdomain message, the length's and the pattern's.</summary>
    public static IEnumerable<string> SubdomainErrors(string name)
    {
        if (name.Length > 253)
        {
            yield return "must be no more than 253 characters";
        }
        if (!Dns1123Subdomain().IsMatch(name))
        {
            yield return SubdomainRegexError;
        }
    }

    /// <summary>IsWildcardDNS1123Subdomain: "*." and a subdomain, as Ingress hosts may be.</summary>
    public static string? WildcardSubdomainError(string host)
    {
        if (host.Length > 253)
        {
            return "must be no more than 253 characters";
        }
        return host.StartsWith("*.", StringComparison.Ordinal) && Dns1123Subdomain().IsMatch(host.AsSpan(2)) ? null :
            "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    }

    public static string? LabelNameError(string name)
    {
        if (name.Length > 63)
        {
            return "must be no more than 63 characters";
        }
        return Dns1123Label().IsMatch(name) ? null : Dns1123LabelRegexError;
    }

    private const string Dns1123LabelRegexError =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1035LabelRegexError =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private const string LabelValueRegexError =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    /// <summary>IsDNS1123Label's messages, all of them (the length's and the pattern's).</summary>
    public static IReadOnlyList<string> LabelNameErrors(string name) => LengthAndPattern(name, 63, Dns1123Label(), Dns1123LabelRegexError);

    /// <summary>IsDNS1035Label's messages, all of them.</summary>
    public static IReadOnlyList<string> Dns1035LabelErrors(string name) => LengthAndPattern(name, 63, Dns1035Label(), Dns1035LabelRegexError);

    /// <summary>IsValidLabelValue's messages, all of them.</summary>
    public static IReadOnlyList<string> LabelValueErrors(string value) => LengthAndPattern(value, 63, LabelValue(), LabelValueRegexError);

    private static List<string> LengthAndPattern(string value, int max, Regex pattern, string patternError)
    {
        var errors = new List<string>(2);
        if (value.Length > max)
        {
            errors.Add($"must be no more than {max} characters");
        }
        if (!pattern.IsMatch(value))
        {
            errors.Add(patternError);
        }
        return errors;
    }

    /// <summary>IsDNS1035Label: service names, which become DNS labels that must not start with a digit.</summary>
    public static string? Dns1035LabelError(string name)
    {
        if (name.Length > 63)
        {
            return "must be no more than 63 characters";
        }
        return Dns1035Label().IsMatch(name) ? null : Dns1035LabelRegexError;
    }

    /// <summary>
    /// apimachinery path.IsValidPathSegmentName, the name rule of kinds (RBAC) whose names are not DNS names. Upstream
    /// lists '/' and '%' as two errors when a name has both; this gives the first.
    /// </summary>
    public static string? PathSegmentNameError(string name) => name switch
    {
        "." or ".." => $"may not be '{name}'",
        _ when name.Contains('/') => "may not contain '/'",
        _ when name.Contains('%') => "may not contain '%'",
        _ => null,
    };

    private const string QualifiedNamePartError =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string SubdomainRegexError =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    /// <summary>
    /// IsQualifiedName: every message that applies, in upstream's order (a prefix's, then the name part's emptiness or
    /// length, then its characters), each of which its callers make a field error of its own. Empty when valid.
    /// </summary>
    public static IReadOnlyList<string> QualifiedNameErrors(string key)
    {
        // Parts as spans: every label and annotation key of every write comes through here.
        var all = key.AsSpan();
        var slash = all.IndexOf('/');
        ReadOnlySpan<char> name = all;
        List<string>? errors = null;
        if (slash >= 0)
        {
            if (all[(slash + 1)..].Contains('/'))
            {
                return ["a qualified name " + QualifiedNamePartError + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
            }
            var prefix = all[..slash];
            if (prefix.Length == 0)
            {
                (errors ??= []).Add("prefix part must be non-empty");
            }
            else
            {
                if (prefix.Length > 253)
                {
                    (errors ??= []).Add("prefix part must be no more than 253 characters");
                }
                if (!Dns1123Subdomain().IsMatch(prefix))
                {
                    (errors ??= []).Add("prefix part " + SubdomainRegexError);
                }
            }
            name = all[(slash + 1)..];
        }
        if (name.Length == 0)
        {
            (errors ??= []).Add("name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            (errors ??= []).Add("name part must be no more than 63 characters");
        }
        if (!QualifiedNamePart().IsMatch(name))
        {
            (errors ??= []).Add("name part " + QualifiedNamePartError);
        }
        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>One field.Invalid per IsQualifiedName message, as ValidateQualifiedName and ValidateLabelName make them.</summary>
    public static void QualifiedName(FieldErrors errors, string path, string value, string? checkedValue = null) =>
        QualifiedName(errors, path, static path => path, value, checkedValue);

    /// <summary>
    /// The same, with the path built from <paramref name="state"/> only for a value that fails: the callers check a key
    /// per label, annotation, nodeSelector entry and taint on every pod create and node heartbeat, nearly all valid.
    /// </summary>
    public static void QualifiedName<TState>(FieldErrors errors, TState state, Func<TState, string> path, string value, string? checkedValue = null)
    {
        var messages = QualifiedNameErrors(checkedValue ?? value);
        if (messages.Count == 0)
        {
            return;
        }
        var at = path(state);
        foreach (var message in messages)
        {
            errors.Invalid(at, value, message);
        }
    }

    public static string? LabelValueError(string value)
    {
        if (value.Length > 63)
        {
            return "must be no more than 63 characters";
        }
        return LabelValue().IsMatch(value) ? null : LabelValueRegexError;
    }

    /// <summary>Validates metadata.labels and metadata.annotations of a decoded object.</summary>
    public static void ValidateLabelsAndAnnotations(JsonObject metadata, FieldErrors errors, string path = "metadata")
    {
        if (metadata["labels"] is JsonObject labels)
        {
            ValidateLabels(labels, errors, path + ".labels");
        }
        if (metadata["annotations"] is JsonObject annotations)
        {
            long total = 0;
            foreach (var (k, v) in annotations)
            {
                total += ValidateAnnotation(k, v?.ToString(), errors, path);
            }
            AnnotationsSize(total, errors, path);
        }
    }

    /// <summary><see cref="ValidateLabelsAndAnnotations(JsonObject, FieldErrors, string)"/> on a model's maps, without a JSON view of them.</summary>
    public static void ValidateLabelsAndAnnotations(IDictionary<string, string>? labels, IDictionary<string, string>? annotations, FieldErrors errors, string path = "metadata")
    {
        if (labels is not null)
        {
            var labelsPath = path + ".labels";
            foreach (var (k, v) in labels)
            {
                ValidateLabel(k, v ?? "", errors, labelsPath);
            }
        }
        if (annotations is not null)
        {
            long total = 0;
            foreach (var (k, v) in annotations)
            {
                total += ValidateAnnotation(k, v, errors, path);
            }
            AnnotationsSize(total, errors, path);
        }
    }

    private static long ValidateAnnotation(string key, string? value, FieldErrors errors, string path)
    {
        QualifiedName(errors, path, static path => path + ".annotations", key, key.ToLowerInvariant());
        // ValidateAnnotationsSize sums Go's len of each key and value: UTF-8 bytes, not characters.
        return Encoding.UTF8.GetByteCount(key) + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));
    }

    private static void AnnotationsSize(long total, FieldErrors errors, string path)
    {
        if (total > TotalAnnotationSizeLimitB)
        {
            errors.TooLong(path + ".annotations", TotalAnnotationSizeLimitB);
        }
    }

    public static void ValidateLabels(JsonObject labels, FieldErrors errors, string path)
    {
        foreach (var (k, v) in labels)
        {
            ValidateLabel(k, v?.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v?.ToJsonString() ?? "", errors, path);
        }
    }

    /// <summary>One label (or selector entry) under the path, as ValidateLabels checks each.</summary>
    public static void ValidateLabel(string key, string value, FieldErrors errors, string path)
    {
        QualifiedName(errors, path, key);
        var valErr = LabelValueError(value);
        if (valErr is not null)
        {
            errors.Invalid(path, value, valErr);
        }
    }
}
