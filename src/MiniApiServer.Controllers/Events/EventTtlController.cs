using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Events;

/// <summary>Deletes expired core/v1 and events.k8s.io/v1 Events once a minute, so a long-running server does not keep every event forever.</summary>
public sealed class EventTtlController(ResourceService service, ISender sender, ControllerOptions options, TimeProvider time, ILogger<EventTtlController> logger) : IControlLoop
{
    // Upstream events expire with their etcd lease, inside the apiserver; no controller identity does it.
    private readonly ObjectClient _client = new(sender, service.Registry, "system:apiserver");

    public string Name => "event-ttl";

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.EventTtlCheckPeriod, time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            foreach (var type in service.Registry.Types.Where(t => t.Kind == "Event"))
            {
                foreach (var ev in service.ListAll(type).Where(e => EventTtl.Expired(e.Json, now, options.EventTtl)))
                {
                    try
                    {
                        await _client.DeleteAsync(type, ev.Namespace, ev.Name, new DeleteOptions(PreconditionUid: ev.Index.Uid), ct).ConfigureAwait(false);
                    }
                    catch (ApiException ex) when (ex.Code is 404 or 409)
                    {
                        logger.LogDebug("event {Name} already gone or replaced", ev.Name);
                    }
                }
            }
        }
    }
}
