namespace MiniApiServer.Hosting.CommandLine;

/// <summary>
/// The outcome of reading the arguments: an error line (exit 2), a request for help (exit 0), or the arguments for
/// the host's configuration with switches spelled as key=value, plus --reset, which only this process acts on.
/// </summary>
public sealed record ParsedCommandLine(string[] ConfigurationArgs, bool Help = false, bool Reset = false, string? Error = null);
