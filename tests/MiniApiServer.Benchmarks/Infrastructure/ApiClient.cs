using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>A thin HTTP client: no typed models, so client-side cost stays small next to the server's.</summary>
public sealed class ApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
        })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    public HttpClient Http => _http;

    /// <summary>POSTs a body; returns status, elapsed milliseconds and the response bytes.</summary>
    public async Task<(HttpStatusCode Status, double Ms, byte[] Body)> PostAsync(string path, byte[] body)
    {
        var sw = Stopwatch.StartNew();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return (response.StatusCode, sw.Elapsed.TotalMilliseconds, bytes);
    }

    public async Task<(HttpStatusCode Status, double Ms, byte[] Body)> GetAsync(string path, string? accept = null)
    {
        var sw = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return (response.StatusCode, sw.Elapsed.TotalMilliseconds, bytes);
    }

    /// <summary>
    /// GETs and reads the body into a reused buffer, keeping nothing: time to the last byte without the client's own
    /// allocation of the body, which for a 47 MB LIST puts the client's GC in the measure.
    /// </summary>
    public async Task<(HttpStatusCode Status, double Ms, long Bytes)> GetDrainedAsync(string path, byte[] buffer, string? accept = null)
    {
        var sw = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
        return (response.StatusCode, sw.Elapsed.TotalMilliseconds, total);
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        var (status, _, body) = await GetAsync(path).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path}: {(int)status} {System.Text.Encoding.UTF8.GetString(body)}");
        }
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task CreateAsync(string path, string json)
    {
        var (status, _, body) = await PostAsync(path, System.Text.Encoding.UTF8.GetBytes(json)).ConfigureAwait(false);
        if (status is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"POST {path}: {(int)status} {System.Text.Encoding.UTF8.GetString(body)}");
        }
    }

    public Task CreateNamespaceAsync(string name) =>
        CreateAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");

    /// <summary>The server's current revision, as any LIST reports it.</summary>
    public async Task<long> RevisionAsync()
    {
        var (_, _, body) = await GetAsync("/api/v1/namespaces?limit=1").ConfigureAwait(false);
        using var doc = JsonDocument.Parse(body);
        return long.Parse(doc.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Creates <paramref name="count"/> objects with <paramref name="clients"/> requests in flight.</summary>
    public async Task CreateManyAsync(string path, int count, int clients, Func<int, byte[]> body)
    {
        var next = -1;
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var (status, _, response) = await PostAsync(path, body(i)).ConfigureAwait(false);
                if (status != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"POST {path}: {(int)status} {System.Text.Encoding.UTF8.GetString(response)}");
                }
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
