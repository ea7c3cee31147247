using k8s.Models;
using MiniApiServer.Application.Cron;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.CronJobs;

/// <summary>
/// cronjob_controllerv2.go's handlers: a CronJob is queued when added or changed (when its schedule or zone changed, at
/// its next schedule time instead, so a new schedule does not start a Job for a time already past); a Job event queues
/// the CronJob that controls it, for the active list, the last success and the history limits.
/// </summary>
public sealed class CronJobEventHandlers(SharedInformers informers, WorkQueue<string> queue, TimeProvider time)
    : IInformerHandler<V1CronJob>, IInformerHandler<V1Job>
{
    public static string Key(V1ObjectMeta meta) => $"{meta.NamespaceProperty}/{meta.Name}";

    public void OnAdd(V1CronJob obj) => queue.Add(Key(obj.Metadata));

    public void OnUpdate(V1CronJob oldObj, V1CronJob newObj)
    {
        if (oldObj.Spec?.Schedule != newObj.Spec?.Schedule || oldObj.Spec?.TimeZone != newObj.Spec?.TimeZone)
        {
            var zone = CronTimeZones.Find(newObj.Spec?.TimeZone ?? "", out _);
            try
            {
                if (zone is not null && ScheduleTimes.UntilNext(newObj, time.GetUtcNow(), CronParser.Parse(newObj.Spec?.Schedule ?? "", zone)) is { } after)
                {
                    queue.AddAfter(Key(newObj.Metadata), after < TimeSpan.Zero ? TimeSpan.Zero : after);
                    return;
                }
            }
            catch (FormatException)
            {
                // The sync records the unparseable schedule as an event.
            }
        }
        queue.Add(Key(newObj.Metadata));
    }

    public void OnDelete(V1CronJob obj)
    {
    }

    public void OnAdd(V1Job obj) => Enqueue(obj.Metadata);

    public void OnUpdate(V1Job oldObj, V1Job newObj)
    {
        if (CronJobJobs.ControllerRef(oldObj.Metadata)?.Uid != CronJobJobs.ControllerRef(newObj.Metadata)?.Uid)
        {
            Enqueue(oldObj.Metadata);
        }
        Enqueue(newObj.Metadata);
    }

    public void OnDelete(V1Job obj) => Enqueue(obj.Metadata);

    // resolveControllerRef: only a CronJob the informer holds with the referenced uid.
    private void Enqueue(V1ObjectMeta job)
    {
        if (CronJobJobs.ControllerRef(job) is not { Kind: "CronJob" } owner)
        {
            return;
        }
        var cronJob = informers.CronJobs.Get(job.NamespaceProperty ?? "", owner.Name);
        if (cronJob?.Metadata.Uid == owner.Uid)
        {
            queue.Add(Key(cronJob.Metadata));
        }
    }
}
