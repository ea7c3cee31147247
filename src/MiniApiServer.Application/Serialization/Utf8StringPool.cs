using System.Text;
using System.Text.Json;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// A small lossy table of short ASCII strings, so what the process keeps for every object (the informers' models, the
/// cache's label and field indexes) shares one instance of each repeated value: 5,000 pods from one template held
/// 5,000 copies of each image, env name, label and quantity. A slot holds the last string hashed to it, so a miss
/// costs one string, as without the table; a string is shared only with equal bytes, and strings are immutable.
/// </summary>
public static class Utf8StringPool
{
    private const int MaxBytes = 64;
    private const int Slots = 1 << 13;
    private static readonly string?[] Table = new string?[Slots];

    /// <summary>The reader's current string token (value or property name).</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        // Escaped, split across segments, long or non-ASCII: rare in stored objects, and the reader's own decoding is right.
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxBytes || !Ascii.IsValid(reader.ValueSpan))
        {
            return reader.GetString()!;
        }
        var utf8 = reader.ValueSpan;
        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var slot = ref Table[hash.ToHashCode() & (Slots - 1)];
        var kept = Volatile.Read(ref slot);
        if (kept is not null && Ascii.Equals(utf8, kept))
        {
            return kept;
        }
        var fresh = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref slot, fresh);
        return fresh;
    }
}
