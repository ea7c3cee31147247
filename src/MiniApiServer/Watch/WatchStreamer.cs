using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
public sealed class WatchStreamer(ObjectStore store, StorageOptions options, TimeProvider time, IHostApplicationLifetime lifetime, IConfiguration configuration)
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
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
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
            var nextBookmark = time.GetUtcNow() + _bookmarkInterval;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    if (request.AllowBookmarks)
                    {
                        wait.CancelAfter(_bookmarkInterval);
                    }
                    bool more;
                    try
                    {
                        more = await watch.WaitAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        more = true;
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
                        nextBookmark = time.GetUtcNow() + _bookmarkInterval;
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
                && (request.Fields.IsEverything || request.Fields.Matches(obj.Index.Fields));

    private sealed class EventWriter(HttpResponse response, WatchRequest request, TimeProvider time)
    {
        private bool _sentColumns;

        public async Task WriteAsync(string type, StoredObject obj, CancellationToken ct)
        {
            var body = response.BodyWriter;
            body.Write(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"));
            if (request.Table)
            {
                var table = TableConverter.ToTable(request.Type.Group, request.Type.Plural,
                    [ResourceService.Parse(obj)], obj.ResourceVersion.ToString(CultureInfo.InvariantCulture), null,
                    request.IncludeObject, time.GetUtcNow(), includeColumnDefinitions: !_sentColumns);
                _sentColumns = true;
                body.Write(JsonSerializer.SerializeToUtf8Bytes(table));
            }
            else
            {
                body.Write(request.Served?.Out(obj.Json) ?? obj.Json);
            }
            body.Write("}\n"u8);
            if (body.UnflushedBytes > 64 * 1024)
            {
                await body.FlushAsync(ct).ConfigureAwait(false);
            }
        }

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
            await response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"BOOKMARK\",\"object\":{bookmark.ToJsonString()}}}\n"), ct).ConfigureAwait(false);
        }

        public async Task WriteErrorAsync(string message, CancellationToken ct)
        {
            var status = StatusWriter.ToStatus(Application.Errors.ApiErrors.Expired(message));
            await response.WriteAsync($"{{\"type\":\"ERROR\",\"object\":{status.ToJsonString()}}}\n", ct).ConfigureAwait(false);
        }

        public async Task FlushAsync(CancellationToken ct) => await response.BodyWriter.FlushAsync(ct).ConfigureAwait(false);
    }
}
