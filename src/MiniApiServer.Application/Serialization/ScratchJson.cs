using System.Buffers;
using System.Text.Json;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// A per-thread buffer and JSON writer, one pair per <typeparamref name="TOwner"/> so two owners never hand out the same
/// buffer. What it returns stays valid until the owner's next call on this thread; the writer keeps the options of the
/// first call on the thread.
/// </summary>
internal static class ScratchJson<TOwner>
{
    // Larger buffers (a 1 MiB ConfigMap) are not kept for the thread's lifetime.
    private const int KeptCapacity = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static ReadOnlySpan<byte> Write<TState>(JsonWriterOptions options, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer is { Capacity: <= KeptCapacity } kept ? kept : t_buffer = new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, options);
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
