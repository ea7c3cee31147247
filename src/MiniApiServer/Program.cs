using MiniApiServer.Hosting;
using MiniApiServer.Hosting.CommandLine;

if (args is ["probe", var url])
{
    // The aspnet image has no curl; the container HEALTHCHECK calls this instead.
    return await HealthProbe.RunAsync(url);
}

if (args is ["kubeconfig", .. var rest])
{
    return MiniApiServer.Security.KubeconfigCommand.Run(rest);
}

var commandLine = CommandLineParser.Parse(args);
if (commandLine.Error is { } usage)
{
    Console.Error.WriteLine(usage);
    return 2;
}
if (commandLine.Help)
{
    Console.Out.Write(CommandLineParser.HelpText());
    return 0;
}
return await ServerStartup.RunAsync(commandLine);

/// <summary>Entry point; partial so WebApplicationFactory can host it in tests.</summary>
public partial class Program;
