using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Client;

/// <summary>
/// Debian's python3-kubernetes (22.6) watching with bookmarks and paging with a selector, as a user's script would.
/// It fails, not skips, without the package, because .ci/run installs it.
/// </summary>
public sealed class PythonWatchAndPagingTests : ServerTest
{
    private const string Python = "/usr/bin/python3";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private const string Prelude = """
        import sys
        from kubernetes import client, watch
        cfg = client.Configuration()
        cfg.host = sys.argv[1]
        core = client.CoreV1Api(client.ApiClient(cfg))

        def namespace_with_secrets(ns, labels=None):
            core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
            for i in range(3):
                core.create_namespaced_secret(ns, client.V1Secret(metadata=client.V1ObjectMeta(name=f"s-{i}", labels=labels)))

        """;

    private async Task<string> RunAsync(string script)
    {
        var probe = await ServerCli.RunAsync(Python, ServerCli.NewDirectory(), null, "-c", "import kubernetes");
        Assert.True(probe.ExitCode == 0, $"Debian's python3-kubernetes is missing (apt-get install python3-kubernetes; .ci/run does): {probe.Stderr}");
        var (exit, stdout, stderr) = await ServerCli.RunAsync(Python, ServerCli.NewDirectory(), null,
            "-c", Prelude + script, Server.BaseAddress.ToString().TrimEnd('/'));
        Assert.True(exit == 0, $"python exited {exit}:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>
    /// A watch with allowWatchBookmarks and a timeout shorter than the bookmark period still gets one BOOKMARK, 2 s before
    /// its deadline (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go nextBookmarkTime), and a watch
    /// resumed from that bookmark's resourceVersion sees what was written after it.
    /// </summary>
    [Fact]
    public async Task WatchTimingOutBeforeTheBookmarkPeriod_GetsABookmarkBeforeItsDeadline_AndResumesFromIt()
    {
        var stdout = await RunAsync("""
            listed = core.list_namespaced_config_map("default")
            bookmarks = [e["raw_object"]["metadata"]["resourceVersion"]
                         for e in watch.Watch().stream(core.list_namespaced_config_map, "default", allow_watch_bookmarks=True,
                                                       resource_version=listed.metadata.resource_version, timeout_seconds=4)
                         if e["type"] == "BOOKMARK"]
            assert all(int(b) >= int(listed.metadata.resource_version) for b in bookmarks), (bookmarks, listed.metadata.resource_version)
            core.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="after-bookmark")))
            resumed = [(e["type"], e["object"].metadata.name)
                       for e in watch.Watch().stream(core.list_namespaced_config_map, "default", resource_version=bookmarks[-1],
                                                     field_selector="metadata.name=after-bookmark", timeout_seconds=2)] if bookmarks else []
            print(len(bookmarks), "bookmark; resumed from it:", resumed)
            """);

        Assert.Equal("1 bookmark; resumed from it: [('ADDED', 'after-bookmark')]\n", stdout);
    }

    /// <summary>
    /// remainingItemCount counts what is left only for a list without selectors: etcd3 store.go GetList leaves it nil
    /// for a non-empty predicate, whose count would take in objects the client never sees (ListMeta's doc says so).
    /// </summary>
    [Fact]
    public async Task PagedListWithASelector_LeavesOutRemainingItemCount()
    {
        var stdout = await RunAsync("""
            namespace_with_secrets("paging", {"set": "paged"})
            plain = core.list_namespaced_secret("paging", limit=1)
            labelled = core.list_namespaced_secret("paging", limit=1, label_selector="set=paged")
            fielded = core.list_namespaced_secret("paging", limit=1, field_selector="metadata.name!=none")
            print("without a selector:", plain.metadata.remaining_item_count,
                  "| label selector:", labelled.metadata.remaining_item_count, bool(labelled.metadata._continue),
                  "| field selector:", fielded.metadata.remaining_item_count, bool(fielded.metadata._continue))
            """);

        Assert.Equal("without a selector: 2 | label selector: None True | field selector: None True\n", stdout);
    }

    /// <summary>
    /// Every page of a paged list reports the first page's resourceVersion (ListMeta.continue: "identical to the value in
    /// the first response"; etcd3 store.go GetList reads each page at the token's revision), so a script that pages and
    /// then watches from the list's resourceVersion sees a write made while it paged.
    /// </summary>
    [Fact]
    public async Task PagesOfAList_ReportTheFirstPagesResourceVersion_SoAWatchFromItMissesNothing()
    {
        var stdout = await RunAsync("""
            namespace_with_secrets("pages")
            first = core.list_namespaced_secret("pages", limit=1)
            core.create_namespaced_secret("pages", client.V1Secret(metadata=client.V1ObjectMeta(name="while-paging")))
            pages, token, listed = [first], first.metadata._continue, first
            while token:
                listed = core.list_namespaced_secret("pages", limit=1, _continue=token)
                pages.append(listed)
                token = listed.metadata._continue
            same = {p.metadata.resource_version for p in pages} == {first.metadata.resource_version}
            seen = [(e["type"], e["object"].metadata.name)
                    for e in watch.Watch().stream(core.list_namespaced_secret, "pages", resource_version=listed.metadata.resource_version,
                                                  field_selector="metadata.name=while-paging", timeout_seconds=2)]
            print(len(pages), "pages, one resourceVersion:", same, "| watched from the last page's:", seen)
            """);

        Assert.Equal("4 pages, one resourceVersion: True | watched from the last page's: [('ADDED', 'while-paging')]\n", stdout);
    }

    /// <summary>
    /// A list at resourceVersion "0" is served whole from the watch cache whatever its limit, with no continue token
    /// (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go shouldDelegateList: "Serve paginated requests about
    /// revision 0 from watch cache"; 1.32's GetList pages nothing); without it, the limit pages.
    /// </summary>
    [Fact]
    public async Task ListAtResourceVersionZero_IgnoresTheLimit()
    {
        var stdout = await RunAsync("""
            namespace_with_secrets("cached")
            cached = core.list_namespaced_secret("cached", limit=1, resource_version="0")
            fresh = core.list_namespaced_secret("cached", limit=1)
            print("at 0:", len(cached.items), cached.metadata._continue, cached.metadata.remaining_item_count,
                  "| latest:", len(fresh.items), bool(fresh.metadata._continue), fresh.metadata.remaining_item_count)
            """);

        Assert.Equal("at 0: 3 None None | latest: 1 True 2\n", stdout);
    }
}
