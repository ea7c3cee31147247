using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Where a walk over UTF-8 JSON is, kept as offsets into the buffer: a property name becomes a string only when a
/// path is reported, so a walk that finds nothing allocates nothing per node.
/// </summary>
internal sealed class JsonPath
{
    private readonly List<(int Start, int Length, int Index)> _segments = [];

    public int Depth => _segments.Count;

    /// <summary>The property name under <paramref name="reader"/> (its token, quotes included, in the buffer).</summary>
    public void PushName(ref Utf8JsonReader reader) =>
        _segments.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, -1));

    public void PushIndex(int index) => _segments.Add((0, 0, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    /// <summary>"a.b[0].c": a map's key is a name too, as sigs.k8s.io/json's strict field stack writes it (appendStrictFieldStackKey).</summary>
    public string Format(ReadOnlySpan<byte> json)
    {
        var sb = new StringBuilder();
        foreach (var (start, length, index) in _segments)
        {
            if (index >= 0)
            {
                sb.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                continue;
            }
            sb.Append(sb.Length == 0 ? "" : ".").Append(Name(json.Slice(start, length)));
        }
        return sb.ToString();
    }

    private static string Name(ReadOnlySpan<byte> quoted)
    {
        // A name token read again on its own, so escapes are undone exactly as the reader does.
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.GetString() ?? "";
    }
}
