using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// A watch client that breaks its own connection at random moments (or asks the server to end the stream
/// with a short timeoutSeconds) and resumes from the last resourceVersion it saw, from an event or a
/// BOOKMARK, recording every event it was handed, as a reflector would process them. Given several servers it
/// resumes on one picked at random each time, as a client behind a load balancer does.
/// </summary>
internal sealed class ResumingWatcher(IReadOnlyList<HttpClient> servers, string collection, string name, string? labelSelector, bool bookmarks, Disconnects disconnects, int seed)
{
    private readonly Random _random = new(seed);
    private readonly CancellationTokenSource _stopping = new();
    private long _stopAt = long.MaxValue;

    public string Name { get; } = name;
    public string? LabelSelector { get; } = labelSelector;
    public List<WatchEventKey> Events { get; } = [];
    public List<string> Errors { get; } = [];
    public int Connections { get; private set; }
    public int Bookmarks { get; private set; }
    public int ClientCancels { get; private set; }
    public int ServerEnds { get; private set; }
    public int TruncatedLines { get; private set; }
    public long LastRevision { get; private set; }

    /// <summary>Once the watcher has seen this revision (the last write of the run) it stops.</summary>
    public void StopAt(long revision)
    {
        Interlocked.Exchange(ref _stopAt, revision);
        // A stream may already have passed the last write and carry nothing more; cut it so the loop sees it is done.
        _stopping.Cancel();
    }

    public async Task RunAsync(long fromRevision, CancellationToken deadline)
    {
        LastRevision = fromRevision;
        try
        {
            while (LastRevision < Interlocked.Read(ref _stopAt) && Errors.Count == 0)
            {
                await WatchOnceAsync(deadline).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Errors.Add($"did not reach revision {Interlocked.Read(ref _stopAt)} in time; the last revision seen was {LastRevision}");
        }
    }

    private async Task WatchOnceAsync(CancellationToken deadline)
    {
        var stopping = Interlocked.Read(ref _stopAt) == long.MaxValue ? _stopping.Token : CancellationToken.None;
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(deadline, stopping);
        var query = new StringBuilder($"{collection}?watch=true&resourceVersion={LastRevision}");
        if (LabelSelector is not null)
        {
            query.Append("&labelSelector=").Append(Uri.EscapeDataString(LabelSelector));
        }
        if (bookmarks)
        {
            query.Append("&allowWatchBookmarks=true");
        }
        // Each connection ends one way: the server's timeout or the client's cancellation, when both are allowed.
        var serverEnds = disconnects.HasFlag(Disconnects.ServerTimeout) && (!disconnects.HasFlag(Disconnects.ClientCancel) || _random.Next(2) == 0);
        if (serverEnds)
        {
            // Up to 4 s: a watch gets bookmarks only until 2 s before its deadline, as upstream's cacher sends them.
            query.Append("&timeoutSeconds=").Append(_random.Next(1, 5));
        }
        else if (disconnects.HasFlag(Disconnects.ClientCancel))
        {
            connection.CancelAfter(TimeSpan.FromMilliseconds(_random.Next(10, 800)));
        }
        Connections++;
        var http = servers[_random.Next(servers.Count)];
        try
        {
            using var response = await http.GetAsync(query.ToString(), HttpCompletionOption.ResponseHeadersRead, connection.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Errors.Add($"watch from {LastRevision} on {http.BaseAddress} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline).ConfigureAwait(false)}");
                return;
            }
            using var stream = await response.Content.ReadAsStreamAsync(connection.Token).ConfigureAwait(false);
            var pending = new List<byte>();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, connection.Token).ConfigureAwait(false)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }
                    pending.AddRange(buffer.AsSpan(start, i - start));
                    start = i + 1;
                    if (pending.Count > 0 && !Handle(JsonNode.Parse(Encoding.UTF8.GetString([.. pending]))!))
                    {
                        return;
                    }
                    pending.Clear();
                }
                pending.AddRange(buffer.AsSpan(start, read - start));
            }
            // A line the stream ended in the middle of was never delivered; the resumed watch sends it again.
            TruncatedLines += pending.Count > 0 ? 1 : 0;
            ServerEnds++;
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException or HttpRequestException) && !deadline.IsCancellationRequested)
        {
            ClientCancels++;
        }
    }

    /// <summary>Records one event; false ends this connection (the run is over, or the watch failed).</summary>
    private bool Handle(JsonNode watchEvent)
    {
        var type = WatchHttp.Type(watchEvent);
        var obj = watchEvent["object"]!;
        if (type == "ERROR")
        {
            Errors.Add($"ERROR event on a watch from {LastRevision}: {obj.ToJsonString()}");
            return false;
        }
        var revision = long.Parse(WatchHttp.ResourceVersion(obj), CultureInfo.InvariantCulture);
        if (type == "BOOKMARK")
        {
            Bookmarks++;
            if (revision < LastRevision)
            {
                Errors.Add($"BOOKMARK at {revision} after revision {LastRevision}");
                return false;
            }
        }
        else
        {
            Events.Add(new WatchEventKey(type, WatchHttp.Name(watchEvent)!, revision));
        }
        LastRevision = revision;
        return revision < Interlocked.Read(ref _stopAt);
    }

    public override string ToString() =>
        $"{Name} (labelSelector={LabelSelector ?? "<none>"}, bookmarks={bookmarks}, {disconnects}): {Events.Count} events, "
        + $"{Connections} connections ({ClientCancels} cut by the client, {ServerEnds} ended by the server), {Bookmarks} bookmarks, {TruncatedLines} truncated lines";
}
