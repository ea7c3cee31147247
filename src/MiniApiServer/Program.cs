using MiniApiServer.Hosting;

if (args is ["probe", var url])
{
    // The aspnet image has no curl; the container HEALTHCHECK calls this instead.
    return await HealthProbe.RunAsync(url);
}

if (args is ["kubeconfig", .. var rest])
{
    return MiniApiServer.Security.KubeconfigCommand.Run(rest);
}

// Like kube-apiserver's boolean flags, --tls-self-signed needs no value; configuration wants one.
args = args.Select(a => a == "--tls-self-signed" ? "--tls-self-signed=true" : a).ToArray();
var builder = WebApplication.CreateBuilder(args);
builder.AddMiniApiServer();
var app = builder.Build();
try
{
    // Opened before the host starts, so that a database owned by another server is one line, not a host failure.
    app.Services.GetRequiredService<MiniApiServer.Storage.ObjectStore>();
}
catch (Exception ex) when (ex is MiniApiServer.Storage.Sqlite.DatabaseInUseException or MiniApiServer.Storage.StorageUnavailableException
    || (ex is ArgumentException && ex.Message.StartsWith("--db", StringComparison.Ordinal)))
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
app.UseMiniApiServer();
await app.RunAsync();
return 0;

/// <summary>Entry point; partial so WebApplicationFactory can host it in tests.</summary>
public partial class Program;
