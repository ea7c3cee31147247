using System.Globalization;
using System.Net;
using k8s.Models;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.ResourceMetrics;

/// <summary>
/// pods/proxy and services/proxy (pkg/registry/core/pod/strategy.go and service/storage ResourceLocation): the target is
/// resolved as upstream resolves it (a pod's IP, or a ready endpoint of the service port), then the dial fails, since
/// no simulated pod runs a server: upstream's 503 "error trying to reach service". A pod without an IP is upstream's 400
/// "address not allowed", a service without a ready endpoint its 503 "no endpoints available for service".
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class WorkloadProxyController(ObjectStore store, ResourceRegistry registry) : ControllerBase
{
    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "api/v1/namespaces/{namespace}/pods/{name}/proxy")]
    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "api/v1/namespaces/{namespace}/pods/{name}/proxy/{**path}")]
    public void Pod(string @namespace, string name)
    {
        var (scheme, pod, port) = ProxyTarget.Split(name, "pod");
        var model = Read<V1Pod>(registry.Pods, @namespace, pod);
        // No port named: the first container port any container declares, else the scheme's own.
        port ??= model.Spec?.Containers?.SelectMany(c => c.Ports ?? []).Select(p => p.ContainerPort.ToString(CultureInfo.InvariantCulture)).FirstOrDefault()
            ?? (scheme == "https" ? "443" : "80");
        if (!IPAddress.TryParse(model.Status?.PodIP, out var ip) || !IsGlobalUnicast(ip))
        {
            throw new ApiException(400, "BadRequest", "address not allowed");
        }
        throw Unreachable(model.Status!.PodIP, port);
    }

    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "api/v1/namespaces/{namespace}/services/{name}/proxy")]
    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "api/v1/namespaces/{namespace}/services/{name}/proxy/{**path}")]
    public void Service(string @namespace, string name)
    {
        var (_, service, portName) = ProxyTarget.Split(name, "service");
        // A port number names the service port that declares it; endpoints are matched by that port's name.
        if (int.TryParse(portName, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            var model = Read<V1Service>(registry.Services, @namespace, service);
            portName = model.Spec?.Ports?.FirstOrDefault(p => p.Port == number)?.Name
                ?? throw new ApiException(503, "ServiceUnavailable", $"no service port {number} found for service \"{service}\"");
        }
        var endpoints = Read<V1Endpoints>(registry.Endpoints, @namespace, service);
        if (endpoints.Subsets is not { Count: > 0 } subsets)
        {
            throw new ApiException(503, "ServiceUnavailable", $"no endpoints available for service \"{service}\"");
        }
        foreach (var subset in subsets.Where(s => s.Addresses is { Count: > 0 }))
        {
            if (subset.Ports?.FirstOrDefault(p => (p.Name ?? "") == (portName ?? "")) is { } target)
            {
                throw Unreachable(subset.Addresses[0].Ip, target.Port.ToString(CultureInfo.InvariantCulture));
            }
        }
        throw new ApiException(503, "ServiceUnavailable", $"no endpoints available for service \"{name}\"");
    }

    /// <summary>net.IP.IsGlobalUnicast: not unspecified, loopback, multicast, link-local or broadcast.</summary>
    private static bool IsGlobalUnicast(IPAddress ip) =>
        !IPAddress.IsLoopback(ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any) && !ip.Equals(IPAddress.Broadcast)
        && !ip.IsIPv6LinkLocal && !ip.IsIPv6Multicast
        && !(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (ip.GetAddressBytes() is [169, 254, ..] or [>= 224 and <= 239, ..]));

    private static ApiException Unreachable(string ip, string port) =>
        new(503, "ServiceUnavailable", $"error trying to reach service: dial tcp {ip}:{port}: simulated pods serve no network endpoints");

    private T Read<T>(ResourceType type, string @namespace, string name)
        where T : class =>
        store.Cache.Get(type.StorageKey, @namespace, name) is { } stored
            ? ModelCodec.DecodeShared<T>(stored)
            : throw ApiErrors.NotFound(type, name);
}
