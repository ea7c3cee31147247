using k8s;

namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>A test class with its own server (started per test by xunit) and, on demand, a kubectl pointed at it.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    private KubectlRunner? _kubectl;

    protected ApiServerHost Server { get; private set; } = null!;

    protected Kubernetes Client => Server.Client;

    protected KubectlRunner Kubectl => _kubectl ??= new KubectlRunner(Server.BaseAddress);

    protected abstract ApiServerHost StartServer();

    /// <summary>A client of its own without a timeout, for watches that stay open as long as a test reads them.</summary>
    protected HttpClient NewStreamingHttp() => new() { BaseAddress = Server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    public Task InitializeAsync()
    {
        Server = StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _kubectl?.Dispose();
        await Server.DisposeAsync();
    }
}
