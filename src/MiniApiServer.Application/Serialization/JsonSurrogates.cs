using System.Globalization;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// A \uD800-\uDFFF escape that is not half of a pair, as encoding/json's unquote reads it: U+FFFD, the replacement
/// character. System.Text.Json parses such a string but throws when it is read or written (an InvalidOperationException,
/// a 500); kube-apiserver stores the replacement character.
/// </summary>
public static class JsonSurrogates
{
    /// <summary>The body with every unpaired surrogate escape written as \uFFFD (same length); the body itself when it has none.</summary>
    public static ReadOnlyMemory<byte> Replace(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.IndexOf("\\u"u8) < 0)
        {
            return body;
        }
        byte[]? copy = null;
        var i = 0;
        while (i < span.Length)
        {
            if (span[i] != '\\' || i + 1 >= span.Length)
            {
                i++;
                continue;
            }
            if (span[i + 1] != 'u' || Hex4(span, i + 2) is not { } unit)
            {
                i += 2;
                continue;
            }
            if (unit is < 0xD800 or >= 0xE000)
            {
                i += 6;
                continue;
            }
            // utf16.DecodeRune: a high surrogate with a low one escaped right after is a pair; anything else is U+FFFD.
            if (unit < 0xDC00 && i + 7 < span.Length && span[i + 6] == '\\' && span[i + 7] == 'u' && Hex4(span, i + 8) is >= 0xDC00 and < 0xE000)
            {
                i += 12;
                continue;
            }
            copy ??= body.ToArray();
            "FFFD"u8.CopyTo(copy.AsSpan(i + 2));
            i += 6;
        }
        return copy ?? body;
    }

    private static int? Hex4(ReadOnlySpan<byte> span, int at) =>
        at + 4 <= span.Length && int.TryParse(span.Slice(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : null;
}
