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
        var (pod, port) = ProxyTarget.Split(name);
        var model = Read<V1Pod>(registry.Pods, @namespace, pod);
        if (string.IsNullOrEmpty(model.Status?.PodIP))
        {
            throw new ApiException(400, "BadRequest", "address not allowed");
        }
        throw Unreachable(model.Status.PodIP, port ?? "80");
    }

    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "api/v1/namespaces/{namespace}/services/{name}/proxy")]
    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "api/v1/namespaces/{namespace}/services/{name}/proxy/{**path}")]
    public void Service(string @namespace, string name)
    {
        var (service, portName) = ProxyTarget.Split(name);
        var model = Read<V1Service>(registry.Services, @namespace, service);
        // ResourceLocation: the service port named (or numbered) in the name, else the only one, then a ready address on it.
        var port = model.Spec?.Ports?.FirstOrDefault(p => portName is null || p.Name == portName || p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == portName);
        var endpoints = store.Cache.Get(registry.Endpoints.StorageKey, @namespace, service) is { } stored ? ModelCodec.DecodeShared<V1Endpoints>(stored) : null;
        foreach (var subset in endpoints?.Subsets ?? [])
        {
            if (subset.Addresses is { Count: > 0 } addresses && subset.Ports?.FirstOrDefault(p => port is null || p.Name == port.Name) is { } target)
            {
                throw Unreachable(addresses[0].Ip, target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        throw new ApiException(503, "ServiceUnavailable", $"no endpoints available for service \"{service}\"");
    }

    private static ApiException Unreachable(string ip, string port) =>
        new(503, "ServiceUnavailable", $"error trying to reach service: dial tcp {ip}:{port}: simulated pods serve no network endpoints");

    private T Read<T>(ResourceType type, string @namespace, string name)
        where T : class =>
        store.Cache.Get(type.StorageKey, @namespace, name) is { } stored
            ? ModelCodec.DecodeShared<T>(stored)
            : throw ApiErrors.NotFound(type, name);
}
