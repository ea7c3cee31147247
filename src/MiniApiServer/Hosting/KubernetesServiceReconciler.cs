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
/// address, port 443 named https targeting the port this server listens on, and its EndpointSlice pointing at this
/// server. Reconciled once the server listens (only then is its port known), and again every minute, as upstream.
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
        var ports = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = port });
        if (service.TryGet(registry.Services, "default", Name) is { } existing)
        {
            var current = ResourceService.Parse(existing);
            if (!JsonNode.DeepEquals(current["spec"]?["ports"], ports))
            {
                await service.UpdateAsync(registry.Services, "default", Name, svc =>
                {
                    svc["spec"]!["ports"] = ports.DeepClone();
                    return svc;
                }, statusOnly: false, WriteOptions.Default).ConfigureAwait(false);
            }
        }
        else
        {
            await CreateIgnoringRaceAsync(registry.Services, new JsonObject
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
                    ["ports"] = ports.DeepClone(),
                    ["sessionAffinity"] = "None",
                },
            }).ConfigureAwait(false);
        }
        var slice = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = Name,
                ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = Name },
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(new JsonObject { ["addresses"] = new JsonArray(host), ["conditions"] = new JsonObject { ["ready"] = true } }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
        };
        if (service.TryGet(registry.EndpointSlices, "default", Name) is { } stored)
        {
            var current = ResourceService.Parse(stored);
            if (!JsonNode.DeepEquals(current["endpoints"], slice["endpoints"]) || !JsonNode.DeepEquals(current["ports"], slice["ports"]))
            {
                await service.UpdateAsync(registry.EndpointSlices, "default", Name, s =>
                {
                    s["endpoints"] = slice["endpoints"]!.DeepClone();
                    s["ports"] = slice["ports"]!.DeepClone();
                    return s;
                }, statusOnly: false, WriteOptions.Default).ConfigureAwait(false);
            }
        }
        else
        {
            await CreateIgnoringRaceAsync(registry.EndpointSlices, slice).ConfigureAwait(false);
        }
    }

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
