using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Operations;

/// <summary>A server with --audit-policy-file <see cref="Policy"/> and --audit-log-path in a directory of its own.</summary>
public abstract class AuditServerTest : ServerTest
{
    protected string Dir { get; } = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));

    protected string LogPath => Path.Combine(Dir, "audit.log");

    protected abstract string Policy { get; }

    protected override ApiServerHost StartServer() => StartAudited();

    protected ApiServerHost StartAudited(IDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        Directory.CreateDirectory(Dir);
        File.WriteAllText(Path.Combine(Dir, "policy.yaml"), Policy);
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["audit-log-path"] = LogPath,
            ["audit-policy-file"] = Path.Combine(Dir, "policy.yaml"),
        };
        return ApiServerHost.Start(Path.Combine(Dir, "cluster.db"), settings: all, services: services);
    }

    protected Task<List<JsonNode>> ReadAsync() => AuditLogFile.ReadAsync(LogPath);
}
