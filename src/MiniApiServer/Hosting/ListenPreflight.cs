using System.Net;
using System.Net.Sockets;

namespace MiniApiServer.Hosting;

/// <summary>
/// Finds a listen URL whose port is taken before anything starts: once the host runs, Kestrel's bind failure
/// arrives after the controllers have started, buried in their shutdown noise, and the process aborts.
/// </summary>
public static class ListenPreflight
{
    public static string InUseMessage(string url) => $"cannot listen on {url}: address already in use (choose another with --urls)";

    /// <summary>The first of the ';'-separated URLs whose address is already bound by another socket, or null.</summary>
    public static string? FirstInUse(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = BindingAddress.Parse(url);
            if (address.Port == 0)
            {
                continue;
            }
            var ip = address.Host == "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(address.Host.Trim('[', ']'), out var parsed) ? parsed
                : IPAddress.Any;
            if (InUse(new IPEndPoint(ip, address.Port)))
            {
                return url;
            }
        }
        return null;
    }

    private static bool InUse(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // Kestrel sets SO_REUSEADDR too, so a port held only by TIME_WAIT connections of a previous run is free to it;
        // with it, Linux still refuses the bind while any socket listens on the port.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(endpoint);
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
