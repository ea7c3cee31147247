using System.Globalization;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    private static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FreshnessPoll = TimeSpan.FromMilliseconds(50);

    /// <summary><see cref="List"/> for request paths: a consistent list waits for the committed revision without a thread.</summary>
    public async Task<ListResult> ListAsync(ResourceType type, string? ns, ListOptions options, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(options.ResourceVersion))
        {
            await store.CatchUpForReadAsync().ConfigureAwait(false);
        }
        else if (ParseResourceVersion(options.ResourceVersion, "resourceVersion") is long requested && requested > store.Revision)
        {
            // An exact revision not reached is not waited for (the etcd path answers at once); any other is.
            if (options.ResourceVersionMatch == "Exact")
            {
                throw ApiErrors.TooLargeResourceVersion(requested, store.Revision);
            }
            await WaitForRevisionAsync(requested, cancellationToken).ConfigureAwait(false);
        }
        return List(type, ns, options, caughtUp: true);
    }

    /// <summary>
    /// A read at a revision this cache has not reached (another replica's write, or one not made yet) waits for it, as
    /// the watch cache's waitUntilFreshAndBlock does for up to 3 s, and is then refused with the 504 clients retry.
    /// </summary>
    private async Task WaitForRevisionAsync(long requested, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + FreshnessWait;
        while (true)
        {
            await store.CatchUpForReadAsync().ConfigureAwait(false);
            if (store.Revision >= requested)
            {
                return;
            }
            if (time.GetUtcNow() >= deadline)
            {
                throw ApiErrors.TooLargeResourceVersion(requested, store.Revision);
            }
            // Each round asks the database for its committed revision (another replica's writes); a client that went
            // away stops the wait.
            await Task.Delay(FreshnessPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public ListResult List(ResourceType type, string? ns, ListOptions options) => List(type, ns, options, caughtUp: false);

    private ListResult List(ResourceType type, string? ns, ListOptions options, bool caughtUp)
    {
        var (labels, fields) = ParseSelectors(type, options);
        if (type.Namespaced && ns is null && fields.RequiredValue("metadata.namespace") is { } fieldNs)
        {
            ns = fieldNs;
        }
        var requestedRv = ParseResourceVersion(options.ResourceVersion, "resourceVersion");
        string? startAfter = null;
        long? pagedAt = null;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            // etcd3 store.go GetList: a continue token carries its own revision, so one asked for beside it is refused
            // (client-go's pager clears resourceVersion on later pages for this reason); "0" is let through.
            if (requestedRv is not null && options.ResourceVersion != "0")
            {
                throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
            }
            (var first, startAfter) = ContinueToken.Decode(options.Continue);
            pagedAt = first;
        }
        if (requestedRv is null && !caughtUp)
        {
            store.CatchUpForRead();
        }
        var (items, revision) = store.Cache.List(type.StorageKey, type.Namespaced ? ns : null,
            o => (labels.IsEverything || labels.Matches(o.Index.Labels)) && (fields.IsEverything || fields.Matches(o)));
        if (options.ResourceVersionMatch == "Exact" && requestedRv is long exact && exact != revision)
        {
            // Only the current snapshot is kept in memory; older exact snapshots are reported as compacted.
            throw ApiErrors.Expired($"too old resource version: {exact} ({revision})");
        }
        // etcd3 reads every page of a paged list at its first page's revision, which each page reports (ListMeta.continue's
        // contract: "identical to the value in the first response"). Only the current state is kept here, so later pages
        // are read now; they still report the first page's revision, so that a watch from the last page's misses nothing
        // written while the client paged (a later revision would skip what changed on pages already read).
        var listedAt = pagedAt is long firstPage ? Math.Min(firstPage, revision) : revision;
        if (startAfter is not null)
        {
            var idx = items.FindIndex(i => string.CompareOrdinal(i.Key, startAfter) > 0);
            items = idx < 0 ? [] : items.GetRange(idx, items.Count - idx);
        }
        if (options.Limit is int limit && limit > 0 && items.Count > limit && !ServedWholeFromCache(options))
        {
            var page = items.GetRange(0, limit);
            // etcd3 store.go GetList counts what is left only for an empty predicate: with a selector the count would
            // include objects the client never sees, so remainingItemCount is left out (ListMeta's documented contract).
            long? remaining = labels.IsEverything && fields.IsEverything ? items.Count - limit : null;
            return new ListResult(page, listedAt, ContinueToken.Encode(listedAt, page[^1].Key), remaining);
        }
        return new ListResult(items, listedAt, null, null);
    }

    /// <summary>
    /// A first page asked for at resourceVersion "0" is the watch cache's, which in 1.32 pages nothing: cacher.go
    /// shouldDelegateList sends a limit to etcd only for another revision, and GetList answers with every item and no
    /// continue token. A continue token is still followed (its pages come from etcd).
    /// </summary>
    private static bool ServedWholeFromCache(ListOptions options) => options.ResourceVersion == "0" && string.IsNullOrEmpty(options.Continue);

    public static (LabelSelector Labels, FieldSelector Fields) ParseSelectors(ResourceType type, ListOptions options)
    {
        try
        {
            if (type.SelectableFieldPaths.Count == 0)
            {
                return (LabelSelector.Parse(options.LabelSelector), FieldSelector.Parse(options.FieldSelector, ResourceIndexer.SelectableFields(type.StorageKey)));
            }
            var supported = new HashSet<string>(ResourceIndexer.SelectableFields(type.StorageKey));
            supported.UnionWith(type.SelectableFieldPaths);
            var fields = FieldSelector.Parse(options.FieldSelector, supported);
            // Only a selector that names a declared field reads the objects; metadata.name and namespace are indexed.
            var custom = fields.Requirements.Any(r => type.SelectableFieldPaths.Contains(r.Key));
            return (LabelSelector.Parse(options.LabelSelector), custom ? fields.With(o => CustomResources.CustomSelectableFields.Read(o, type.SelectableFieldPaths)) : fields);
        }
        catch (FormatException ex)
        {
            throw ApiErrors.BadRequest(ex.Message);
        }
    }

    public static long? ParseResourceVersion(string? value, string parameter)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
        {
            throw ApiErrors.BadRequest($"invalid {parameter}: \"{value}\" is not a valid resource version");
        }
        return rv;
    }
}
