using System.Globalization;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>
/// The loopback port a child process listens on, read from Linux's /proc. A server started with port 0 gets its
/// port from the kernel at bind time, so no other process can hold it; a port picked by the harness and released
/// before the spawn can be taken by another test's server, whose /readyz then answers for one that never bound.
/// </summary>
public static class LoopbackListener
{
    private const string Listen = "0A";
    private const string Loopback = "0100007F";

    /// <summary>The port of <paramref name="pid"/>'s IPv4 loopback listening socket, or null while it has none.</summary>
    public static int? PortOf(int pid)
    {
        var sockets = SocketInodes(pid);
        if (sockets.Count == 0)
        {
            return null;
        }
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != Listen || !sockets.Contains(fields[9]))
            {
                continue;
            }
            var local = fields[1].Split(':');
            if (local[0] == Loopback)
            {
                return int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    private static HashSet<string> SocketInodes(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        string[] fds;
        try
        {
            fds = Directory.GetFiles($"/proc/{pid}/fd");
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return inodes;
        }
        foreach (var fd in fds)
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                // A descriptor closed between the listing and the read is simply not a listener.
                continue;
            }
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }
        return inodes;
    }
}
