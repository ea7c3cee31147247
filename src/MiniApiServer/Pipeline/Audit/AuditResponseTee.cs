namespace MiniApiServer.Pipeline.Audit;

/// <summary>
/// The response body as the client gets it, every write and flush passed straight on (a streamed answer stays
/// streamed), with a copy of its first bytes kept for the event's responseObject, as filters/audit.go's
/// auditResponseWriter never holds the client's bytes back. A body past the limit is not kept at all.
/// </summary>
internal sealed class AuditResponseTee(Stream inner, int limit) : Stream
{
    private MemoryStream? _copy = new();

    /// <summary>The whole body, or null when it outgrew the limit.</summary>
    public byte[]? Captured => _copy?.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_copy is null)
        {
            return;
        }
        if (_copy.Length + bytes.Length > limit)
        {
            _copy.Dispose();
            _copy = null;
            return;
        }
        _copy.Write(bytes);
    }
}
