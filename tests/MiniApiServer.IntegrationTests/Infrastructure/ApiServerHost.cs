using k8s;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>
/// The real server on a real loopback socket (Kestrel on 127.0.0.1, port chosen by the OS) with its own
/// SQLite file, so the official client and kubectl can talk to it as they would to a cluster.
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private ApiServerHost(WebApplicationFactory<Program> factory, string dbPath, int nodes)
    {
        _factory = factory;
        DatabasePath = dbPath;
        factory.UseKestrel(0);
        factory.StartServer();
        Http = factory.CreateClient();
        BaseAddress = Http.BaseAddress!;
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = BaseAddress.ToString().TrimEnd('/') });
        WaitUntilReady();
        WaitForNodes(nodes);
        WaitForRootCa();
    }

    /// <summary>Listening is not ready: informers and controllers start after Kestrel; tests begin once /readyz says so.</summary>
    private void WaitUntilReady() =>
        Eventually.True(async () => (await Http.GetAsync("/readyz").ConfigureAwait(false)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "server /readyz").GetAwaiter().GetResult();

    /// <summary>
    /// The simulated nodes register after /readyz; a test that reads the node list first thing (a pod pinned to a node)
    /// saw none when it ran first in its class, so the host hands over once the asked number is registered.
    /// </summary>
    private void WaitForNodes(int nodes)
    {
        if (nodes > 0)
        {
            // Read in process, so a server with authentication on (where this host's client is anonymous) waits too.
            var store = Services.GetRequiredService<MiniApiServer.Storage.ObjectStore>();
            Eventually.True(() => Task.FromResult(store.Cache.List("nodes", null).Items.Count >= nodes),
                TimeSpan.FromSeconds(30), $"{nodes} simulated nodes registered").GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The root CA publisher writes kube-root-ca.crt into "default" just after start, as on a real cluster; tests that
    /// count or watch that namespace's ConfigMaps begin once it is there, so it is in their initial state, not a race.
    /// </summary>
    private void WaitForRootCa()
    {
        var store = Services.GetRequiredService<MiniApiServer.Storage.ObjectStore>();
        Eventually.True(() => Task.FromResult(store.Cache.Get("configmaps", "default", "kube-root-ca.crt") is not null),
            TimeSpan.FromSeconds(30), "default/kube-root-ca.crt published").GetAwaiter().GetResult();
    }

    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public Kubernetes Client { get; }
    public string DatabasePath { get; }
    public IServiceProvider Services => _factory.Services;

    /// <param name="services">Replaces services after the server's own (a failing authorizer, say), for paths no request can reach.</param>
    public static ApiServerHost Start(string? dbPath = null, int nodes = 0, IDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        dbPath ??= Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"), "cluster.db");
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("urls", "http://127.0.0.1:0");
            b.UseSetting("db", dbPath);
            b.UseSetting("nodes", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (k, v) in settings ?? new Dictionary<string, string>())
            {
                b.UseSetting(k, v);
            }
            if (services is not null)
            {
                b.ConfigureTestServices(services);
            }
        });
        return new ApiServerHost(factory, dbPath, nodes);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await _factory.DisposeAsync().ConfigureAwait(false);
    }
}
