using System.Text;
using System.Text.RegularExpressions;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The keys and size of a ConfigMap's or Secret's data, as pkg/apis/core/validation ValidateConfigMap and
/// ValidateSecret check them with apimachinery's IsConfigMapKey (pkg/util/validation/validation.go): a key becomes a
/// file name in a volume, so it is a plain name, never '.', '..' or a '..' prefix (the kubelet's atomic writer owns
/// those), and the values together fit MaxSecretSize.
/// </summary>
public static partial class ConfigMapKeys
{
    /// <summary>core.MaxSecretSize, the limit for a Secret's and a ConfigMap's values together.</summary>
    public const int MaxTotalBytes = 1024 * 1024;

    private const string KeyMessage =
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex KeyPattern();

    /// <summary>Every error of every key of <paramref name="keys"/> under <paramref name="field"/>, keys in ordinal order.</summary>
    public static void Validate(string field, IEnumerable<string>? keys, FieldErrors errors)
    {
        foreach (var key in (keys ?? []).Order(StringComparer.Ordinal))
        {
            foreach (var message in KeyErrors(key))
            {
                errors.Invalid($"{field}[{key}]", key, message);
            }
        }
    }

    public static IEnumerable<string> KeyErrors(string key)
    {
        if (key.Length > 253)
        {
            yield return "must be no more than 253 characters";
        }
        if (!KeyPattern().IsMatch(key))
        {
            yield return KeyMessage;
        }
        if (key == ".")
        {
            yield return "must not be '.'";
        }
        else if (key == "..")
        {
            yield return "must not be '..'";
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            yield return "must not start with '..'";
        }
    }

    /// <summary>Bytes of the values as Go counts len(string): UTF-8.</summary>
    public static long Size(IDictionary<string, string>? values) =>
        values?.Values.Sum(v => (long)Encoding.UTF8.GetByteCount(v ?? "")) ?? 0;

    public static long Size(IDictionary<string, byte[]>? values) => values?.Values.Sum(v => (long)(v?.Length ?? 0)) ?? 0;
}
