using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// A small lossy table of short ASCII strings, so what the process keeps for every object (the informers' models, the
/// cache's label and field indexes) shares one instance of each repeated value: 5,000 pods from one template held
/// 5,000 copies of each image, env name, label and quantity. A string is shared only with equal bytes, and strings are
/// immutable. Each hash picks a set of two slots, so two values of one template that hash alike both stay (one slot
/// each, where a table of single slots made them evict each other on every object); a miss costs one string, as
/// without the table, and replaces the older of the set's two.
/// </summary>
public static class Utf8StringPool
{
    private const int MaxBytes = 64;
    private const int Sets = 1 << 12;
    private static readonly string?[] Table = new string?[Sets * 2];
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    /// <summary>The reader's current string token (value or property name).</summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        // Escaped, split across segments, long or non-ASCII: rare in stored objects, and the reader's own decoding is right.
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxBytes || !Ascii.IsValid(reader.ValueSpan))
        {
            return reader.GetString()!;
        }
        var utf8 = reader.ValueSpan;
        return Find(utf8) ?? Keep(utf8, Encoding.ASCII.GetString(utf8));
    }

    /// <summary>The pool's instance of <paramref name="value"/> (a namespace from a request's route, say).</summary>
    public static string Share(string value)
    {
        if (value.Length > MaxBytes || !Ascii.IsValid(value))
        {
            return value;
        }
        Span<byte> utf8 = stackalloc byte[MaxBytes];
        var length = Encoding.ASCII.GetBytes(value, utf8);
        return Find(utf8[..length]) ?? Keep(utf8[..length], value);
    }

    private static int SetOf(ReadOnlySpan<byte> utf8) => (int)(Hash(utf8) & (Sets - 1)) * 2;

    /// <summary>
    /// Eight bytes per multiply: every string token of every decode comes here, where HashCode.AddBytes (xxHash32, four
    /// bytes a round and a finaliser) was 2% of a create's CPU samples. Seeded per process, so a crafted set of values
    /// cannot know which of them share a set; the worst they do is not be shared.
    /// </summary>
    internal static uint Hash(ReadOnlySpan<byte> utf8) => Hash(utf8, Seed);

    internal static uint Hash(ReadOnlySpan<byte> utf8, ulong seed)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var h = seed ^ (ulong)utf8.Length;
        while (utf8.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Multiplier, 31);
            utf8 = utf8[8..];
        }
        ulong tail = 0;
        for (var i = utf8.Length - 1; i >= 0; i--)
        {
            tail = (tail << 8) | utf8[i];
        }
        h = (h ^ tail) * Multiplier;
        // A product's low bits depend only on the factors' low bits, so values that differ only in the tail's upper bytes
        // (registry.example.com/team/web:1.4.0 … 1.4.9999) shared low bits: fold the high half down and mix once more
        // (splitmix64's finaliser) before the table takes the low bits.
        h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9;
        return (uint)(h ^ (h >> 32));
    }

    private static string? Find(ReadOnlySpan<byte> utf8)
    {
        var set = SetOf(utf8);
        if (Volatile.Read(ref Table[set]) is { } first && Ascii.Equals(utf8, first))
        {
            return first;
        }
        return Volatile.Read(ref Table[set + 1]) is { } second && Ascii.Equals(utf8, second) ? second : null;
    }

    private static string Keep(ReadOnlySpan<byte> utf8, string fresh)
    {
        // The newest goes first and the first moves second. Writers may race: a set can lose a string or hold one twice,
        // and a reader sees either slot's old or new string, every one of them a complete and correct value.
        var set = SetOf(utf8);
        Volatile.Write(ref Table[set + 1], Volatile.Read(ref Table[set]));
        Volatile.Write(ref Table[set], fresh);
        return fresh;
    }
}
