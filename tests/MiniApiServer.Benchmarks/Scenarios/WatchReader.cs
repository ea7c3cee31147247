using System.Buffers.Text;
using System.Text;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// Reads one watch stream without parsing JSON: it finds each line, checks it is an ADDED event and pulls the
/// sent-ticks annotation out by byte search, so a thousand of these stay cheap next to the server.
/// </summary>
public sealed class WatchReader
{
    private static readonly byte[] Added = "{\"type\":\"ADDED\""u8.ToArray();
    private static readonly byte[] Marker = Encoding.UTF8.GetBytes($"\"{WatchFanoutScenario.SentAnnotation}\":\"");
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public Task Connected => _connected.Task;
    public int Count => Volatile.Read(ref _count);
    public List<double> Latencies { get; } = [];

    public async Task RunAsync(HttpClient http, string path, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            _connected.TrySetResult();
            var buffer = new byte[64 * 1024];
            var end = 0;
            while (true)
            {
                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var n = await stream.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }
                var now = DateTime.UtcNow.Ticks;
                end += n;
                var start = 0;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, end - start)) >= 0)
                {
                    Handle(buffer.AsSpan(start, newline - start), now);
                    start = newline + 1;
                }
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
            }
        }
        catch (Exception ex)
        {
            _connected.TrySetException(ex);
            throw;
        }
    }

    private void Handle(ReadOnlySpan<byte> line, long now)
    {
        if (!line.StartsWith(Added))
        {
            return;
        }
        var at = line.IndexOf(Marker);
        // Only the scenario's own writes count: the namespace's kube-root-ca.crt may arrive after the watch's revision.
        if (at >= 0 && Utf8Parser.TryParse(line[(at + Marker.Length)..], out long sent, out _))
        {
            Latencies.Add((now - sent) / (double)TimeSpan.TicksPerMillisecond);
            Interlocked.Increment(ref _count);
        }
    }
}
