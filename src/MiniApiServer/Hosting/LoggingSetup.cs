namespace MiniApiServer.Hosting;

/// <summary>
/// Console logs as single structured lines (or JSON with --log-format json), with --log-level to pick
/// the minimum level: debug shows every request, info shows controller actions that change state.
/// </summary>
public static class LoggingSetup
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Logging.ClearProviders();
        if (string.Equals(config["log-format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
        if (config["log-level"] is { Length: > 0 } level && Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed))
        {
            builder.Logging.SetMinimumLevel(parsed);
            builder.Logging.AddFilter("MiniApiServer", parsed);
            builder.Logging.AddFilter("Microsoft.AspNetCore", parsed <= LogLevel.Debug ? LogLevel.Information : LogLevel.Warning);
        }
    }
}
