using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Http;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Watch;

/// <summary>
/// Streams a watch as newline-delimited JSON events over a chunked response, read through the list/watch
/// layer (<see cref="ListWatch"/>), which applies the cacher's selector rules. An expired start revision is
/// an ERROR event with a 410 Status on a 200 response, as the cacher's newErrWatcher does.
/// </summary>
public sealed class WatchStreamer(ObjectStore store, StorageOptions options, TimeProvider time, IHostApplicationLifetime lifetime, IConfiguration configuration,
    Application.Resources.ResourceRegistry registry)
{
    private readonly WatchLimits _limits = new(configuration);

    /// <summary>Setting Watch:BookmarkInterval; tests shorten it so resumption from a BOOKMARK gets exercised.</summary>
    private readonly TimeSpan _bookmarkInterval = configuration.GetValue("Watch:BookmarkInterval", TimeSpan.FromSeconds(30));

    public async Task StreamAsync(HttpContext context, WatchRequest request)
    {
        using var slot = _limits.Acquire(context);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        // A custom resource's watch ends when its CRD stops serving it as now, as upstream's torn-down storage ends it.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping, registry.ServingToken(request.Type));
        // Taken before the initial events are written: the pre-timeout bookmark is due 2 s before this deadline.
        var deadline = time.GetUtcNow() + request.Timeout;
        cts.CancelAfter(request.Timeout);
        var ct = cts.Token;
        var writer = new EventWriter(response, request, time);
        ListWatch watch;
        try
        {
            var from = await StartRevisionAsync(request).ConfigureAwait(false);
            watch = ListWatch.Start(store, new WatchSpec(request.Type.StorageKey, request.Namespace, Selector(request),
                from, options.WatcherBufferSize));
            await response.StartAsync(ct).ConfigureAwait(false);
            foreach (var obj in watch.Initial)
            {
                await writer.WriteAsync("ADDED", obj, ct).ConfigureAwait(false);
            }
            if (request.SendInitialEvents == true && request.AllowBookmarks)
            {
                await writer.WriteBookmarkAsync(watch.StartRevision, ct, initialEventsEnd: true).ConfigureAwait(false);
            }
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (RevisionExpiredException ex)
        {
            await writer.WriteErrorAsync(ex.Message, ct).ConfigureAwait(false);
            return;
        }
        var watchGauge = Observability.ApiMetrics.Watches.WithLabels(request.Type.GroupResource);
        watchGauge.Inc();
        using (watch)
        {
            var nextBookmark = NextBookmark(time.GetUtcNow(), deadline);
            // One timer per bookmark period, not one per wake-up: a busy watch wakes for every commit.
            CancellationTokenSource? bookmarkDue = null;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    if (request.AllowBookmarks && bookmarkDue is null && nextBookmark is { } due)
                    {
                        bookmarkDue = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        bookmarkDue.CancelAfter(Max(due - time.GetUtcNow(), TimeSpan.Zero));
                    }
                    bool more;
                    try
                    {
                        more = await watch.WaitAsync(bookmarkDue?.Token ?? ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        more = true;
                        bookmarkDue?.Dispose();
                        bookmarkDue = null;
                    }
                    if (!more)
                    {
                        break;
                    }
                    while (watch.TryRead(out var e))
                    {
                        await writer.WriteAsync(TypeName(e.Type), e.Object, ct).ConfigureAwait(false);
                    }
                    if (request.AllowBookmarks && time.GetUtcNow() >= nextBookmark)
                    {
                        await writer.WriteBookmarkAsync(watch.BookmarkRevision, ct).ConfigureAwait(false);
                        nextBookmark = NextBookmark(time.GetUtcNow(), deadline);
                        bookmarkDue?.Dispose();
                        bookmarkDue = null;
                    }
                    await writer.FlushAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Timeout, client gone or shutdown: end the stream cleanly so clients re-watch.
            }
            catch (WatcherTooSlowException)
            {
                // Cut off for falling behind; the client resumes from its last resourceVersion.
            }
            finally
            {
                bookmarkDue?.Dispose();
                watchGauge.Dec();
            }
        }
    }

    /// <summary>
    /// Where the watch starts (null: list first), as the cacher's Watch and getAllEventsSinceLocked decide: the initial
    /// state of a watch-list is read consistently when no revision is given; "0" and "" without initial events mean now.
    /// </summary>
    private async Task<long?> StartRevisionAsync(WatchRequest request)
    {
        var requested = ResourceService.ParseResourceVersion(request.ResourceVersion, "resourceVersion");
        switch (request.SendInitialEvents)
        {
            case true:
                if (requested is null)
                {
                    await store.CatchUpForReadAsync().ConfigureAwait(false);
                }
                return null;
            case false when requested is null or 0:
                await store.CatchUpForReadAsync().ConfigureAwait(false);
                return Math.Max(store.Revision, 1);
            default:
                return requested;
        }
    }

    /// <summary>
    /// When the next BOOKMARK is due, as cache_watcher.go nextBookmarkTime decides: every interval, and 2 s before the
    /// watch's deadline, so a client whose watch times out resumes from a revision close to now; none once that is past.
    /// </summary>
    private DateTimeOffset? NextBookmark(DateTimeOffset now, DateTimeOffset deadline)
    {
        var heartbeat = now + _bookmarkInterval;
        var beforeTimeout = deadline - TimeSpan.FromSeconds(2);
        if (beforeTimeout < heartbeat)
        {
            heartbeat = beforeTimeout;
        }
        return heartbeat < now ? null : heartbeat;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string TypeName(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };

    private static Func<StoredObject, bool>? Selector(WatchRequest request) =>
        request.Labels.IsEverything && request.Fields.IsEverything
            ? null
            : obj => (request.Labels.IsEverything || request.Labels.Matches(obj.Index.Labels))
                && (request.Fields.IsEverything || request.Fields.Matches(obj));

    private sealed class EventWriter(HttpResponse response, WatchRequest request, TimeProvider time)
    {
        private bool _sentColumns;

        // The response memory being filled and how much of it holds events: events share one GetMemory/Advance pair
        // until it is full. Each pair on a chunked response takes Kestrel's output lock and may start a new segment, and
        // a watch writes every event to every watcher (a pair per event: Kestrel's GetSpan was 7.8% of the server's
        // samples with 1,000 watchers, its GetMemory 5.0% with a pair per ~4 KB, mostly the first touch of a segment).
        private Memory<byte> _memory;
        private int _used;

        public async Task WriteAsync(string type, StoredObject obj, CancellationToken ct)
        {
            var json = request.Table ? TableJson(obj) : request.Served?.Out(obj.Json) ?? obj.Json;
            var prefix = Prefix(type);
            var size = prefix.Length + json.Length + EventSuffix.Length;
            if (_memory.Length - _used < size)
            {
                Commit();
                _memory = response.BodyWriter.GetMemory(size);
            }
            var span = _memory.Span[_used..];
            prefix.CopyTo(span);
            json.CopyTo(span[prefix.Length..]);
            EventSuffix.CopyTo(span[(prefix.Length + json.Length)..]);
            _used += size;
            if (response.BodyWriter.UnflushedBytes + _used > 64 * 1024)
            {
                await FlushAsync(ct).ConfigureAwait(false);
            }
        }

        /// <summary>Hands the events written so far to the response; anything else written or flushed comes after them.</summary>
        private void Commit()
        {
            if (_used > 0)
            {
                response.BodyWriter.Advance(_used);
            }
            _memory = default;
            _used = 0;
        }

        private byte[] TableJson(StoredObject obj)
        {
            var table = TableConverter.ToUtf8(request.Type.Group, request.Type.Plural,
                [obj.Json], obj.ResourceVersion.ToString(CultureInfo.InvariantCulture), null,
                request.IncludeObject, time.GetUtcNow(), includeColumnDefinitions: !_sentColumns, printer: request.Printer);
            _sentColumns = true;
            return table;
        }

        private static ReadOnlySpan<byte> Prefix(string type) => type switch
        {
            "ADDED" => "{\"type\":\"ADDED\",\"object\":"u8,
            "MODIFIED" => "{\"type\":\"MODIFIED\",\"object\":"u8,
            "DELETED" => "{\"type\":\"DELETED\",\"object\":"u8,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a watch event type"),
        };

        private static ReadOnlySpan<byte> EventSuffix => "}\n"u8;

        /// <param name="initialEventsEnd">The cacher's marker that the initial events are complete (metav1.InitialEventsAnnotationKey).</param>
        public async Task WriteBookmarkAsync(long revision, CancellationToken ct, bool initialEventsEnd = false)
        {
            var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
            if (initialEventsEnd)
            {
                metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
            }
            var bookmark = new JsonObject
            {
                ["kind"] = (request.Served?.Served ?? request.Type).Kind,
                ["apiVersion"] = (request.Served?.Served ?? request.Type).GroupVersion,
                ["metadata"] = metadata,
            };
            Commit();
            await response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"BOOKMARK\",\"object\":{bookmark.ToJsonString()}}}\n"), ct).ConfigureAwait(false);
        }

        public async Task WriteErrorAsync(string message, CancellationToken ct)
        {
            var status = StatusWriter.ToStatus(Application.Errors.ApiErrors.Expired(message));
            Commit();
            await response.WriteAsync($"{{\"type\":\"ERROR\",\"object\":{status.ToJsonString()}}}\n", ct).ConfigureAwait(false);
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            Commit();
            await response.BodyWriter.FlushAsync(ct).ConfigureAwait(false);
        }
    }
}
