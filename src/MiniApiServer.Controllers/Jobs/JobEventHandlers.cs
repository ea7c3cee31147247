using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Jobs;

/// <summary>
/// Turns informer events into keys as job_controller.go's handlers do: Job events enqueue the Job; a pod event
/// enqueues its controlling Job and observes the expectations; a pod still carrying the tracking finalizer whose
/// Job is gone (or not its Job) is enqueued as an orphan (enqueueOrphanPod) so the finalizer is removed.
/// </summary>
public sealed class JobEventHandlers(SharedInformers informers, WorkQueue<string> queue, ControllerExpectations expectations)
    : IInformerHandler<V1Job>, IInformerHandler<V1Pod>
{
    public const string OrphanPrefix = "pod:";

    public static string Key(V1ObjectMeta meta) => $"{meta.NamespaceProperty}/{meta.Name}";

    public void OnAdd(V1Job obj) => queue.Add(Key(obj.Metadata));

    public void OnUpdate(V1Job oldObj, V1Job newObj)
    {
        if (oldObj.Metadata.Uid != newObj.Metadata.Uid)
        {
            expectations.DeleteExpectations(Key(oldObj.Metadata));
        }
        queue.Add(Key(newObj.Metadata));
    }

    public void OnDelete(V1Job obj)
    {
        expectations.DeleteExpectations(Key(obj.Metadata));
        queue.Add(Key(obj.Metadata));
        // job_controller.go deleteJob: the Job's pods learn it is gone here. Their own events may have arrived while the
        // Job informer still held the Job (a deletion by the garbage collector races this event), and then they were
        // queued under the Job's key, whose sync finds no Job and would leave the tracking finalizer on them.
        foreach (var pod in informers.Pods.ByIndex(SharedInformers.ByOwner, obj.Metadata.Uid))
        {
            if (JobPods.ControllerRef(pod.Metadata)?.Uid == obj.Metadata.Uid && JobPods.HasFinalizer(pod))
            {
                queue.Add(OrphanPrefix + Key(pod.Metadata));
            }
        }
    }

    public void OnAdd(V1Pod obj)
    {
        if (Owner(obj.Metadata) is { } job)
        {
            expectations.CreationObserved(Key(job.Metadata));
        }
        Enqueue(obj);
    }

    public void OnUpdate(V1Pod oldObj, V1Pod newObj)
    {
        if (oldObj.Metadata.DeletionTimestamp is null && newObj.Metadata.DeletionTimestamp is not null && Owner(newObj.Metadata) is { } job)
        {
            expectations.DeletionObserved(Key(job.Metadata));
        }
        Enqueue(newObj);
    }

    public void OnDelete(V1Pod obj)
    {
        if (obj.Metadata.DeletionTimestamp is null && Owner(obj.Metadata) is { } job)
        {
            expectations.DeletionObserved(Key(job.Metadata));
        }
        Enqueue(obj);
    }

    private void Enqueue(V1Pod pod)
    {
        var owner = JobPods.ControllerRef(pod.Metadata);
        if (owner is { Kind: "Job" } && Owner(pod.Metadata) is { } job)
        {
            queue.Add(Key(job.Metadata));
            return;
        }
        if (JobPods.HasFinalizer(pod))
        {
            queue.Add(OrphanPrefix + Key(pod.Metadata));
        }
    }

    private V1Job? Owner(V1ObjectMeta meta)
    {
        var owner = JobPods.ControllerRef(meta);
        if (owner is not { Kind: "Job" })
        {
            return null;
        }
        var job = informers.Jobs.Get(meta.NamespaceProperty ?? "", owner.Name);
        return job?.Metadata.Uid == owner.Uid ? job : null;
    }
}
