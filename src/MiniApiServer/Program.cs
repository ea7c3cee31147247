using MiniApiServer.Hosting;

if (args is ["probe", var url])
{
    // The aspnet image has no curl; the container HEALTHCHECK calls this instead.
    return await HealthProbe.RunAsync(url);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddMiniApiServer();
var app = builder.Build();
app.UseMiniApiServer();
await app.RunAsync();
return 0;

/// <summary>Entry point; partial so WebApplicationFactory can host it in tests.</summary>
public partial class Program;
