namespace MiniApiServer.Hosting.CommandLine;

/// <summary>
/// One command-line flag: its name (also its configuration key), the placeholder of its value (null for a switch
/// such as --tls-self-signed), its help line, and a check of its value that returns why it is wrong, or null.
/// </summary>
public sealed record ServerFlag(string Name, string? Value, string Help, Func<string, string?>? Check = null)
{
    public bool IsSwitch => Value is null;
}
