namespace MiniApiServer.Application.Objects;

/// <summary>
/// Go's base64.RawURLEncoding decoder: no padding, URL-safe alphabet, CR and LF ignored. On failure it reports
/// the input offset Go's CorruptInputError would name, so messages quoting it match kube-apiserver's.
/// </summary>
public static class RawUrlBase64
{
    public static byte[]? Decode(string text, out int badByte)
    {
        badByte = -1;
        var output = new List<byte>(text.Length * 3 / 4);
        int buffer = 0, bits = 0, pending = 0, lastIndex = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                continue;
            }
            var value = Value(c);
            if (value < 0)
            {
                badByte = i;
                return null;
            }
            buffer = (buffer << 6) | value;
            bits += 6;
            pending = (pending + 1) % 4;
            lastIndex = i;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        if (pending == 1)
        {
            // A lone trailing character cannot hold a whole byte.
            badByte = lastIndex;
            return null;
        }
        return [.. output];
    }

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
