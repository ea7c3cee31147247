using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// The string methods: cel-spec's startsWith/endsWith/contains/matches, cel-go's ext strings as Kubernetes installs
/// them (charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split, substring, trim, reverse) and
/// Kubernetes' regex library (find, findAll). Positions count code points, as cel-go's do.
/// </summary>
internal static class CelStrings
{
    private static readonly TimeSpan RegexLimit = TimeSpan.FromMilliseconds(100);

    public static object Call(string name, string s, object?[] args) => (name, args) switch
    {
        ("size", []) => CelValues.Size(s),
        ("startsWith", [string a]) => s.StartsWith(a, StringComparison.Ordinal),
        ("endsWith", [string a]) => s.EndsWith(a, StringComparison.Ordinal),
        ("contains", [string a]) => s.Contains(a, StringComparison.Ordinal),
        ("matches", [string a]) => Pattern(a).IsMatch(s),
        ("find", [string a]) => Pattern(a).Match(s) is { Success: true } m ? m.Value : "",
        ("findAll", [string a]) => FindAll(s, a, -1),
        ("findAll", [string a, long n]) => FindAll(s, a, n),
        ("lowerAscii", []) => Ascii(s, 'A', 'Z', 'a' - 'A'),
        ("upperAscii", []) => Ascii(s, 'a', 'z', 'A' - 'a'),
        ("trim", []) => s.Trim(),
        ("reverse", []) => string.Concat(Runes(s).Reverse()),
        ("charAt", [long i]) => CharAt(s, i),
        ("indexOf", [string a]) => IndexOf(s, a, 0),
        ("indexOf", [string a, long from]) => IndexOf(s, a, from),
        ("lastIndexOf", [string a]) => LastIndexOf(s, a, null),
        ("lastIndexOf", [string a, long from]) => LastIndexOf(s, a, from),
        ("replace", [string a, string b]) => Replace(s, a, b, -1),
        ("replace", [string a, string b, long n]) => Replace(s, a, b, n),
        ("split", [string a]) => Split(s, a, -1),
        ("split", [string a, long n]) => Split(s, a, n),
        ("substring", [long start]) => Substring(s, start, null),
        ("substring", [long start, long end]) => Substring(s, start, end),
        ("format", [var list]) when CelValues.AsList(list) is { } values => Format(s, values),
        _ => throw CelMethods.NoOverload(name, s, args),
    };

    // Bounded so that expressions building patterns from request data cannot grow it; past the bound, patterns are compiled per use.
    private const int MaxCached = 1024;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// A pattern compiled once per text. cel-go matches with RE2, linear in the string; so does the non-backtracking
    /// engine, where a backtracking one ran ^(a+)+$ into its time limit on every string of a list. A pattern that engine
    /// cannot read (a backreference, a lookaround: not RE2 either) is backtracked, with the time limit.
    /// </summary>
    public static Regex Pattern(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out var known))
        {
            return known;
        }
        try
        {
            var regex = Compile(pattern);
            if (Compiled.Count < MaxCached)
            {
                Compiled.TryAdd(pattern, regex);
            }
            return regex;
        }
        catch (ArgumentException ex)
        {
            throw new CelException($"given regex is invalid: {ex.Message}");
        }
    }

    private static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexLimit);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexLimit);
        }
    }

    private static List<object?> FindAll(string s, string pattern, long n)
    {
        var matches = Pattern(pattern).Matches(s).Select(m => (object?)m.Value);
        return n < 0 ? matches.ToList() : matches.Take((int)Math.Min(n, int.MaxValue)).ToList();
    }

    private static string Ascii(string s, char from, char to, int shift) =>
        string.Create(s.Length, s, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = text[i] >= from && text[i] <= to ? (char)(text[i] + shift) : text[i];
            }
        });

    private static string[] Runes(string s) => s.EnumerateRunes().Select(r => r.ToString()).ToArray();

    private static CelException OutOfRange(long i) => new($"index out of range: {i.ToString(CultureInfo.InvariantCulture)}");

    private static string CharAt(string s, long i)
    {
        var runes = Runes(s);
        if (i < 0 || i > runes.Length)
        {
            throw OutOfRange(i);
        }
        return i == runes.Length ? "" : runes[i];
    }

    private static long IndexOf(string s, string sub, long from)
    {
        if (sub.Length == 0)
        {
            return from;
        }
        var runes = Runes(s);
        if (from < 0 || from >= runes.Length)
        {
            throw OutOfRange(from);
        }
        var needle = Runes(sub);
        for (var i = (int)from; i + needle.Length <= runes.Length; i++)
        {
            if (runes.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        return -1;
    }

    private static long LastIndexOf(string s, string sub, long? from)
    {
        var runes = Runes(s);
        if (sub.Length == 0)
        {
            return from ?? runes.Length;
        }
        var start = from ?? runes.Length - 1;
        if (start < 0 || start >= runes.Length)
        {
            throw OutOfRange(start);
        }
        var needle = Runes(sub);
        for (var i = (int)Math.Min(start, runes.Length - needle.Length); i >= 0; i--)
        {
            if (runes.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Go's strings.Replace: at most n replacements (all when n is negative); an empty old string matches between runes.</summary>
    private static string Replace(string s, string old, string replacement, long n)
    {
        if (n == 0 || (old.Length == 0 && replacement.Length == 0))
        {
            return s;
        }
        if (old.Length == 0)
        {
            var runes = Runes(s);
            var result = new StringBuilder();
            for (var i = 0; i <= runes.Length; i++)
            {
                if (n < 0 || i < n)
                {
                    result.Append(replacement);
                }
                result.Append(i < runes.Length ? runes[i] : "");
            }
            return result.ToString();
        }
        if (n < 0)
        {
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }
        var output = new StringBuilder();
        var at = 0;
        for (var done = 0L; done < n; done++)
        {
            var next = s.IndexOf(old, at, StringComparison.Ordinal);
            if (next < 0)
            {
                break;
            }
            output.Append(s, at, next - at).Append(replacement);
            at = next + old.Length;
        }
        return output.Append(s, at, s.Length - at).ToString();
    }

    /// <summary>Go's strings.SplitN: n parts at most, the last holding the rest (all parts when n is negative, none at 0).</summary>
    private static List<object?> Split(string s, string separator, long n)
    {
        if (n == 0)
        {
            return [];
        }
        var limit = n < 0 ? int.MaxValue : (int)Math.Min(n, int.MaxValue);
        if (separator.Length == 0)
        {
            var runes = Runes(s);
            var parts = runes.Take(limit - 1).Select(r => (object?)r).ToList();
            if (runes.Length >= limit)
            {
                parts.Add(string.Concat(runes.Skip(limit - 1)));
            }
            return parts;
        }
        return s.Split(separator, limit).Select(p => (object?)p).ToList();
    }

    private static string Substring(string s, long start, long? end)
    {
        var runes = Runes(s);
        if (end < start)
        {
            throw new CelException($"invalid substring range. start: {start.ToString(CultureInfo.InvariantCulture)}, end: {end.Value.ToString(CultureInfo.InvariantCulture)}");
        }
        if (start < 0 || start > runes.Length)
        {
            throw OutOfRange(start);
        }
        var stop = end ?? runes.Length;
        if (stop > runes.Length)
        {
            throw OutOfRange(stop);
        }
        return string.Concat(runes[(int)start..(int)stop]);
    }

    /// <summary>
    /// cel-go's string.format: %s (any value as string() or as CEL writes it), %d, %f and %e (precision as %.3f),
    /// %b, %o, %x and %X (integers; %x of a string is its UTF-8 bytes in hex), %% for a percent sign.
    /// </summary>
    private static string Format(string template, IReadOnlyList<object?> values)
    {
        var result = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '%')
            {
                result.Append(template[i]);
                continue;
            }
            if (++i < template.Length && template[i] == '%')
            {
                result.Append('%');
                continue;
            }
            int? precision = null;
            if (i < template.Length && template[i] == '.')
            {
                var start = ++i;
                while (i < template.Length && char.IsAsciiDigit(template[i]))
                {
                    i++;
                }
                // "%.f" is precision 0 in Go; a precision is paid for in the digits it writes.
                precision = i == start ? 0
                    : int.TryParse(template.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p
                    : throw new CelException("operation cancelled: actual cost limit exceeded");
                CelCost.Charge(precision.Value);
            }
            if (i >= template.Length)
            {
                throw new CelException("could not parse formatting clause: unexpected end of string");
            }
            if (next >= values.Count)
            {
                throw new CelException($"index {next} out of range");
            }
            result.Append(Clause(template[i], precision, values[next++]));
        }
        return result.ToString();
    }

    private static string Clause(char verb, int? precision, object? value) => (verb, value) switch
    {
        ('s', string text) => text,
        ('s', double d) => CelConvert.Double(d),
        ('s', _) => CelConvert.Format(value),
        ('d', long or ulong) => CelConvert.Format(value).TrimEnd('u'),
        ('f', long or ulong or double) => Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
        ('e', long or ulong or double) => Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString((precision ?? 6) == 0 ? "0e+00" : "0." + new string('0', precision ?? 6) + "e+00", CultureInfo.InvariantCulture),
        ('b', long l) => (l < 0 ? "-" : "") + Convert.ToString(Math.Abs(l), 2),
        ('b', ulong u) => u.ToString("B", CultureInfo.InvariantCulture),
        ('o', long l) => (l < 0 ? "-" : "") + Convert.ToString(Math.Abs(l), 8),
        ('x' or 'X', long l) => (l < 0 ? "-" : "") + Hex(verb, (ulong)Math.Abs(l)),
        ('x' or 'X', ulong u) => Hex(verb, u),
        ('x' or 'X', string text) => verb == 'x' ? Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text)) : Convert.ToHexString(Encoding.UTF8.GetBytes(text)),
        ('d' or 'f' or 'e' or 'b' or 'o' or 'x' or 'X', _) => throw new CelException(
            $"error during formatting: {verb} clause cannot be used on {CelValues.TypeName(value)}"),
        _ => throw new CelException($"could not parse formatting clause: unrecognized formatting clause \"{verb}\""),
    };

    private static string Hex(char verb, ulong value) => value.ToString(verb == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
}
