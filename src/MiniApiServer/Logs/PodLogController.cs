using k8s.Models;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers;
using MiniApiServer.Controllers.Logs;
using MiniApiServer.Features;

namespace MiniApiServer.Logs;

/// <summary>
/// GET pods/{name}/log. Upstream the API server proxies to the kubelet; here the simulated kubelet's log is derived
/// from the pod's container status, so the API server answers itself and any replica gives the same lines.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class PodLogController(ISender sender, ResourceRegistry registry, ControllerOptions options, TimeProvider time) : ControllerBase
{
    /// <summary>A follower looks at its pod at least this often, so a deleted pod ends the stream promptly.</summary>
    private static readonly TimeSpan RecheckPeriod = TimeSpan.FromSeconds(1);

    [HttpGet("api/v1/namespaces/{namespace}/pods/{name}/log")]
    public async Task Get(string @namespace, string name)
    {
        var request = PodLogRequest.Parse(Request, name);
        var pod = await ReadPod(@namespace, name).ConfigureAwait(false) ?? throw ApiErrors.NotFound(Pods, name);
        var container = PodContainer.Resolve(pod, request.Container);
        Response.ContentType = "text/plain";
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            // pkg/registry/core/pod/rest/log.go: an unscheduled pod has no log location; the answer is empty.
            return;
        }
        var status = PodContainer.Status(pod, container);
        string? refusal = $"container \"{container}\" in pod \"{name}\" is waiting to start: ContainerCreating";
        var run = status is null ? null
            : request.Previous ? ContainerRun.Previous(pod, status, out refusal) : ContainerRun.Current(pod, status, out refusal);
        if (run is null)
        {
            throw ApiErrors.BadRequest(refusal!);
        }
        var log = new SimulatedLog(run, options.SimulatedLogInterval, await Script(pod).ConfigureAwait(false));
        var writer = new LogStreamWriter(Response.Body, request.Timestamps, request.LimitBytes);
        var aborted = HttpContext.RequestAborted;
        var now = time.GetUtcNow();
        var count = log.CountAt(now);
        var first = request.Since(now) is { } since ? log.FirstAtOrAfter(since) : 0;
        if (request.TailLines is { } tail)
        {
            first = Math.Max(first, count - tail);
        }
        for (var k = first; k < count && writer.Open; k++)
        {
            await writer.WriteAsync(log.Line(k), aborted).ConfigureAwait(false);
        }
        await Response.Body.FlushAsync(aborted).ConfigureAwait(false);
        if (request.Follow && !request.Previous)
        {
            await Follow(pod, run, log, count, writer, aborted).ConfigureAwait(false);
        }
    }

    private ResourceType Pods => registry.Pods;

    /// <summary>kubelet's follow ends when the container stops, is replaced, or its pod goes away.</summary>
    private async Task Follow(V1Pod pod, ContainerRun run, SimulatedLog log, long count, LogStreamWriter writer, CancellationToken aborted)
    {
        while (writer.Open && !aborted.IsCancellationRequested)
        {
            var next = log.NextAfter(count);
            if (next is null)
            {
                return;
            }
            var wait = next.Value - time.GetUtcNow();
            await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > RecheckPeriod ? RecheckPeriod : wait, time, aborted).ConfigureAwait(false);
            var current = await ReadPod(pod.Namespace(), pod.Name()).ConfigureAwait(false);
            if (current is null || current.Metadata.Uid != pod.Metadata.Uid
                || PodContainer.Status(current, run.Container) is not { } status
                || ContainerRun.Current(current, status, out _) is not { } now || now.Started != run.Started)
            {
                return;
            }
            if (now.Finished != run.Finished)
            {
                run = now;
                log = new SimulatedLog(run, options.SimulatedLogInterval, await Script(current).ConfigureAwait(false));
            }
            var upTo = log.CountAt(time.GetUtcNow());
            for (; count < upTo && writer.Open; count++)
            {
                await writer.WriteAsync(log.Line(count), aborted).ConfigureAwait(false);
            }
            await Response.Body.FlushAsync(aborted).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<string>> Script(V1Pod pod)
    {
        if (LogScript.ConfigMapRef(pod) is not { } reference)
        {
            return LogScript.Inline(pod);
        }
        var configMaps = registry.Find("", "v1", "configmaps")!;
        var stored = await sender.Send(new GetObjectQuery(configMaps, pod.Namespace(), reference.Name), HttpContext.RequestAborted).ConfigureAwait(false);
        if (stored is null)
        {
            return LogScript.Inline(pod);
        }
        var data = ModelCodec.Decode<V1ConfigMap>(stored.Json).Data;
        return data?.TryGetValue(reference.Key, out var text) == true ? LogScript.Split(text) : LogScript.Inline(pod);
    }

    private Task<V1Pod?> ReadPod(string ns, string name) => sender.FindPodAsync(registry, ns, name, HttpContext.RequestAborted);
}
