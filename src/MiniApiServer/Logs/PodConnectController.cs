using Mediator;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Logs;

/// <summary>
/// pods/exec, pods/attach and pods/portforward. Upstream these upgrade to a stream to the kubelet; a simulated node
/// runs no process to stream to, so after the checks upstream makes first (pod, host, container) the answer is a
/// Status that says so, rather than a 404 that reads like a typo.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class PodConnectController(ISender sender, ResourceRegistry registry) : ControllerBase
{
    private const string Route = "api/v1/namespaces/{namespace}/pods/{name}/";

    [HttpGet(Route + "exec")]
    [HttpPost(Route + "exec")]
    public Task Exec(string @namespace, string name) => Refuse(@namespace, name, "exec", "running commands");

    [HttpGet(Route + "attach")]
    [HttpPost(Route + "attach")]
    public Task Attach(string @namespace, string name) => Refuse(@namespace, name, "attach", "attaching");

    [HttpGet(Route + "portforward")]
    [HttpPost(Route + "portforward")]
    public Task PortForward(string @namespace, string name) => Refuse(@namespace, name, "portforward", "port forwarding");

    private async Task Refuse(string ns, string name, string subresource, string what)
    {
        var pod = await sender.FindPodAsync(registry, ns, name, HttpContext.RequestAborted).ConfigureAwait(false)
            ?? throw ApiErrors.NotFound(registry.Pods, name);
        // pkg/registry/core/pod/strategy.go streamLocation: the host is checked before the container.
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            throw ApiErrors.BadRequest($"pod {name} does not have a host assigned");
        }
        var container = subresource == "portforward" ? null : PodContainer.Resolve(pod, Request.Query["container"].ToString());
        var target = container is null ? $"pod {name}" : $"container {container} of pod {name}";
        throw ApiErrors.BadRequest(
            $"{target} runs on simulated node {pod.Spec.NodeName}, which runs no containers: {what} is not available on a simulated cluster (pods/{subresource})");
    }
}
