using System.Globalization;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>One reading of /proc for the server process: memory from status, CPU from stat.</summary>
public sealed record ProcSample(double CpuSeconds, double RssMb, double PeakRssMb, DateTime At)
{
    // USER_HZ; 100 on every mainstream Linux build.
    private const double ClockTicksPerSecond = 100;

    public static ProcSample Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which may itself contain spaces: state is field 3, utime 14, stime 15.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        double rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kb(line) / 1024.0;
            }
        }
        return new ProcSample(ticks / ClockTicksPerSecond, rss, hwm, DateTime.UtcNow);
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
