using System.Text;

namespace MiniApiServer.Hosting.CommandLine;

/// <summary>
/// Reads the server's arguments before the host sees them: the host's configuration would silently ignore a typo
/// such as --port, and would fail on --nodes abc with a stack trace from binding.
/// </summary>
public static class CommandLineParser
{
    public static ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var forHost = new List<string>();
        var reset = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "help")
            {
                return new ParsedCommandLine([], Help: true);
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                return Failed($"unexpected argument {arg} (see --help)");
            }
            var (name, inlineValue) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
            var flag = ServerFlags.All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (flag is null && !IsConfigurationKey(name))
            {
                return Failed($"unknown option --{name} (see --help)");
            }
            string value;
            if (flag is { IsSwitch: true })
            {
                value = inlineValue ?? "true";
                if (!bool.TryParse(value, out var on))
                {
                    return Failed($"invalid value \"{value}\" for --{flag.Name}: it takes no value, or true or false (see --help)");
                }
                if (flag.Name == "reset")
                {
                    reset = on;
                    continue;
                }
            }
            else if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                return Failed($"option --{name} needs a value (see --help)");
            }
            if (flag?.Check?.Invoke(value) is { } problem)
            {
                return Failed($"invalid value \"{value}\" for --{flag.Name}: {problem}");
            }
            forHost.Add($"--{name}={value}");
        }
        return new ParsedCommandLine([.. forHost], Reset: reset);
    }

    public static string HelpText()
    {
        var text = new StringBuilder();
        text.AppendLine("MiniApiServer: a Kubernetes control plane (the kube-apiserver 1.32 API, its controllers and simulated nodes) in one process.");
        text.AppendLine();
        text.AppendLine("Usage:");
        text.AppendLine("  MiniApiServer [options]");
        text.AppendLine("  MiniApiServer kubeconfig [--server URL] [--db PATH] [--user NAME] [--out FILE]   print or write a kubeconfig for a --tls-self-signed server");
        text.AppendLine();
        text.AppendLine("Options:");
        foreach (var flag in ServerFlags.All)
        {
            text.AppendLine($"  {("--" + flag.Name + (flag.IsSwitch ? "" : " " + flag.Value)),-30} {flag.Help}");
        }
        text.AppendLine($"  {"--SECTION:KEY VALUE",-30} a setting under {string.Join(", ", ServerFlags.Sections)} (see README, Options)");
        text.AppendLine($"  {"-h, --help",-30} print this help and exit");
        text.AppendLine();
        text.AppendLine("Relative paths resolve against the current directory. Each option is also an environment variable (DB, NODES, URLS, ...).");
        return text.ToString();
    }

    /// <summary>A host key, or a key in a known section; the section alone arrives too, empty, from WebApplicationFactory.</summary>
    private static bool IsConfigurationKey(string name) =>
        ServerFlags.HostKeys.Contains(name, StringComparer.OrdinalIgnoreCase)
        || ServerFlags.Sections.Contains(name.Split(':')[0], StringComparer.OrdinalIgnoreCase);

    private static ParsedCommandLine Failed(string error) => new([], Error: error);
}
