using MiniApiServer.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMiniApiServer();
var app = builder.Build();
app.UseMiniApiServer();
app.Run();

/// <summary>Entry point; partial so WebApplicationFactory can host it in tests.</summary>
public partial class Program;
