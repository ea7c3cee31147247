using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Services;

namespace MiniApiServer.Hosting;

/// <summary>
/// The kubernetes Service in default (pkg/controlplane/controller/kubernetesservice): cluster IP the range's first
/// address, port 443 named https targeting the port this server listens on, and its Endpoints and EndpointSlice
/// pointing at this server. Reconciled once the server listens (only then is its port known), and again every minute, as upstream.
/// </summary>
public sealed class KubernetesServiceReconciler(IServer server, IHostApplicationLifetime lifetime, ResourceService service, ResourceRegistry registry,
    ServiceNetwork network, ILogger<KubernetesServiceReconciler> logger) : BackgroundService
{
    public const string Name = "kubernetes";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "reconciling the kubernetes Service failed; retrying in {Interval}", Interval);
            }
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(false);
        }
    }

    public async Task ReconcileAsync()
    {
        var (host, port) = Endpoint();
        await EnsureAsync(registry.Services, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = Name,
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = network.KubernetesServiceIp,
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = port }),
                ["sessionAffinity"] = "None",
            },
        }, "spec", "ports").ConfigureAwait(false);
        await EnsureAsync(registry.Endpoints, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Name, ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } },
            ["subsets"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(new JsonObject { ["ip"] = host }),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
            }),
        }, "subsets").ConfigureAwait(false);
        await EnsureAsync(registry.EndpointSlices, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Name, ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = Name } },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(new JsonObject { ["addresses"] = new JsonArray(host), ["conditions"] = new JsonObject { ["ready"] = true } }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        }, "endpoints").ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the object, or, when it exists, rewrites the part at <paramref name="path"/> (and, for a slice, its
    /// ports) if it differs: the parts that follow this server's address; everything else is left as found.
    /// </summary>
    private async Task EnsureAsync(ResourceType type, JsonObject desired, params string[] path)
    {
        if (service.TryGet(type, "default", Name) is not { } stored)
        {
            await CreateIgnoringRaceAsync(type, desired).ConfigureAwait(false);
            return;
        }
        var fields = type == registry.EndpointSlices ? new[] { path, ["ports"] } : [path];
        var current = ResourceService.Parse(stored);
        if (fields.All(f => JsonNode.DeepEquals(At(current, f), At(desired, f))))
        {
            return;
        }
        await service.UpdateAsync(type, "default", Name, obj =>
        {
            foreach (var f in fields)
            {
                var parent = f.Length == 1 ? obj : obj[f[0]] as JsonObject ?? [];
                parent[f[^1]] = At(desired, f)?.DeepClone();
            }
            return obj;
        }, statusOnly: false, WriteOptions.Default).ConfigureAwait(false);
    }

    private static JsonNode? At(JsonObject obj, string[] path) => path.Aggregate<string, JsonNode?>(obj, (node, key) => (node as JsonObject)?[key]);

    /// <summary>Every replica reconciles; the one that loses the create race finds the object there.</summary>
    private async Task CreateIgnoringRaceAsync(ResourceType type, JsonObject body)
    {
        try
        {
            await service.CreateAsync(type, "default", body, WriteOptions.Default).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            logger.LogDebug("{Resource} {Name} was created by another replica", type.Plural, Name);
        }
    }

    /// <summary>The advertised address: the first listening address, with a wildcard host read as loopback.</summary>
    private (string Host, int Port) Endpoint()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? ServerOptions.DefaultUrl;
        var uri = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://[::]", "://0.0.0.0", StringComparison.Ordinal));
        var host = System.Net.IPAddress.TryParse(uri.Host, out var ip) && !ip.Equals(System.Net.IPAddress.Any) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? uri.Host
            : "127.0.0.1";
        return (host, uri.Port);
    }
}
