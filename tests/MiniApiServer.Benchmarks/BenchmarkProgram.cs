namespace MiniApiServer.Benchmarks;

public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: <rollout|deployment|api-write|watch-fanout|list|steady|restart|compaction|failover|replica-write|micro> [--option value ...]");
            return 2;
        }
        if (args[0] == "micro")
        {
            return Micro.MicroScenario.Run(args[1..]);
        }
        try
        {
            var options = BenchOptions.Parse(args[1..]);
            Infrastructure.ServerHandle.LogLevel = options.Str("log-level");
            Infrastructure.ServerHandle.ServerDirectory = options.Str("server-dir");
            var result = await ScenarioRunner.RunAsync(args[0], options).ConfigureAwait(false);
            foreach (var line in result.Summary)
            {
                Console.WriteLine(line);
            }
            // The last line is machine-readable; everything above it is for people.
            Console.WriteLine(result.ToJson());
            return result.Failure is null ? 0 : 1;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }
        finally
        {
            Infrastructure.PostgresDatabases.DropAll();
        }
    }
}
