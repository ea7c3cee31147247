using System.Net;
using System.Net.Sockets;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>
/// A fixed loopback address in front of a server that is killed and started again on another port, so the page
/// (whose origin cannot change without a reload) sees what a browser sees when its server restarts: connections
/// drop, new ones are refused, then they succeed.
/// </summary>
internal sealed class LoopbackRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private volatile Uri? _target;
    private CancellationTokenSource _open = new();

    public LoopbackRelay()
    {
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>Where new connections go; null refuses them, as a stopped server would.</summary>
    public Uri? Target
    {
        get => _target;
        set => _target = value;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    /// <summary>Drops every open connection, as a network partition or a killed server does, leaving the server up.</summary>
    public void Sever()
    {
        // Not disposed: a connection accepted at this moment may still be linking to its token.
        Interlocked.Exchange(ref _open, new CancellationTokenSource()).Cancel();
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var open = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, Volatile.Read(ref _open).Token);
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                var target = _target ?? throw new SocketException((int)SocketError.ConnectionRefused);
                await upstream.ConnectAsync(target.Host, target.Port, open.Token);
                var a = client.GetStream();
                var b = upstream.GetStream();
                // Either side closing ends both, as a killed server ends the browser's connection.
                await Task.WhenAny(a.CopyToAsync(b, open.Token), b.CopyToAsync(a, open.Token));
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The connection is simply closed, which is what the page must cope with.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
        _open.Dispose();
    }
}
