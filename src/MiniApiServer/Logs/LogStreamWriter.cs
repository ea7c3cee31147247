using System.Globalization;
using System.Text;
using MiniApiServer.Controllers.Logs;

namespace MiniApiServer.Logs;

/// <summary>Writes log lines as kubelet serves them: optional RFC3339Nano timestamps, and a byte limit that may cut a line.</summary>
public sealed class LogStreamWriter(Stream body, bool timestamps, long? limitBytes)
{
    private long _written;

    /// <summary>False once the byte limit is reached: the stream ends there, following or not.</summary>
    public bool Open => limitBytes is not { } limit || _written < limit;

    public async Task WriteAsync(LogLine line, CancellationToken cancellationToken)
    {
        if (!Open)
        {
            return;
        }
        var text = timestamps ? $"{Rfc3339Nano(line.Time)} {line.Text}\n" : line.Text + "\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var count = limitBytes is { } limit ? (int)Math.Min(bytes.Length, limit - _written) : bytes.Length;
        await body.WriteAsync(bytes.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        _written += count;
    }

    /// <summary>Go's time.RFC3339Nano: nanosecond fraction with trailing zeros dropped.</summary>
    public static string Rfc3339Nano(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction.Length == 0 ? seconds + "Z" : $"{seconds}.{fraction}Z";
    }
}
