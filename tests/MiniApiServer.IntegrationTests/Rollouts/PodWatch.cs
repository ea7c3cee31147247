using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>
/// Lists the namespace's pods, then watches from the list resourceVersion and hands the observer the full
/// pod set after every event, so invariants are checked at every committed state rather than at poll times.
/// </summary>
internal sealed class PodWatch : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Action<string, V1Pod, IReadOnlyCollection<V1Pod>> _observer;
    private readonly Dictionary<string, V1Pod> _pods = [];
    private readonly CancellationTokenSource _cts = new();
    private Task _loop = Task.CompletedTask;
    private long _resourceVersion;

    private PodWatch(HttpClient http, Action<string, V1Pod, IReadOnlyCollection<V1Pod>> observer)
    {
        _http = http;
        _observer = observer;
    }

    public int Events { get; private set; }

    public Exception? Failure { get; private set; }

    /// <summary>The observer gets (event type, changed pod, every pod after the event).</summary>
    public static async Task<PodWatch> StartAsync(HttpClient http, Action<string, V1Pod, IReadOnlyCollection<V1Pod>> observer)
    {
        var watch = new PodWatch(http, observer);
        var list = (await http.GetJsonAsync($"/api/v1/namespaces/{RolloutFixture.Namespace}/pods"))!;
        foreach (var item in list["items"]!.AsArray())
        {
            var pod = KubernetesJson.Deserialize<V1Pod>(item!.ToJsonString());
            watch._pods[pod.Metadata.Uid] = pod;
        }
        watch._resourceVersion = long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        watch._loop = Task.Run(() => watch.RunAsync(watch._cts.Token));
        return watch;
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            // The server may end a watch; re-watch from the last seen resourceVersion like a reflector.
            while (!ct.IsCancellationRequested)
            {
                var path = $"/api/v1/namespaces/{RolloutFixture.Namespace}/pods?watch=true&allowWatchBookmarks=true&resourceVersion={Volatile.Read(ref _resourceVersion)}";
                using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.Length > 0)
                    {
                        Apply(JsonNode.Parse(line)!.AsObject());
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Failure = ex;
        }
    }

    private void Apply(JsonObject evt)
    {
        var type = evt["type"]!.GetValue<string>();
        if (type == "ERROR")
        {
            throw new InvalidOperationException($"watch error: {evt.ToJsonString()}");
        }
        var obj = evt["object"]!.AsObject();
        var rv = long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        if (type != "BOOKMARK")
        {
            var pod = KubernetesJson.Deserialize<V1Pod>(obj.ToJsonString());
            lock (_pods)
            {
                if (type == "DELETED")
                {
                    _pods.Remove(pod.Metadata.Uid);
                }
                else
                {
                    _pods[pod.Metadata.Uid] = pod;
                }
                Events++;
                _observer(type, pod, _pods.Values.ToList());
            }
        }
        Volatile.Write(ref _resourceVersion, rv);
    }

    /// <summary>Waits until the watched pod set equals a fresh list (uid and resourceVersion), i.e. the watch caught up.</summary>
    public async Task CatchUpAsync()
    {
        await Eventually.True(async () =>
        {
            if (Failure is not null)
            {
                return true;
            }
            var listed = (await _http.ListItemsAsync($"/api/v1/namespaces/{RolloutFixture.Namespace}/pods"))
                .Select(p => $"{p.Str("metadata", "uid")}@{p.Str("metadata", "resourceVersion")}").Order().ToList();
            lock (_pods)
            {
                return listed.SequenceEqual(_pods.Values.Select(p => $"{p.Metadata.Uid}@{p.Metadata.ResourceVersion}").Order());
            }
        }, TimeSpan.FromSeconds(10), "pod watch caught up");
        Assert.Null(Failure);
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _cts.Dispose();
    }
}
