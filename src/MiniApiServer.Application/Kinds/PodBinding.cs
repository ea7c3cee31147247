using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// pods/binding (pkg/registry/core/pod/storage/storage.go BindingREST): sets spec.nodeName once and
/// marks PodScheduled; binding an already bound pod is a 409.
/// </summary>
public sealed class PodBinding : ISubresourceHandler
{
    public async Task<ObjectResult> CreateAsync(ResourceService service, ResourceType type, string ns, string name, JsonObject body, WriteOptions options)
    {
        var bindingName = ObjectMeta.Str(ObjectMeta.Of(body), "name");
        if (!string.IsNullOrEmpty(bindingName) && bindingName != name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Binding object");
        }
        var target = ObjectMeta.Str(body["target"] as JsonObject, "name");
        if (string.IsNullOrEmpty(target))
        {
            throw ApiErrors.Invalid(type, name, [new StatusCause("FieldValueRequired", "Required value", "target.name")]);
        }
        var uid = ObjectMeta.Str(ObjectMeta.Of(body), "uid");
        var now = ObjectMeta.Timestamp(service.Time.GetUtcNow());
        // The binding has already decided what may change, so the pod strategy (which keeps spec.nodeName) is bypassed.
        await service.UpdateAsync(type, ns, name, pod => Bind(type, name, pod, uid, target, now), statusOnly: false, options.WithoutManager(), [], bypassStrategy: true)
            .ConfigureAwait(false);
        return ObjectResult.SuccessStatus(201);
    }

    private static JsonObject Bind(ResourceType type, string name, JsonObject pod, string? uid, string target, string now)
    {
        var meta = ObjectMeta.Of(pod);
        if (!string.IsNullOrEmpty(uid) && ObjectMeta.Str(meta, "uid") != uid)
        {
            throw ApiErrors.Conflict(type, name, "Precondition failed: UID in precondition does not match");
        }
        if (meta["deletionTimestamp"] is not null)
        {
            throw ApiErrors.Conflict(type, name, "pod is being deleted, cannot be assigned to a host");
        }
        var spec = pod["spec"] as JsonObject ?? [];
        if (ObjectMeta.Str(spec, "nodeName") is { Length: > 0 } existing)
        {
            throw ApiErrors.Conflict(type, name, $"pod {name} is already assigned to node \"{existing}\"");
        }
        spec["nodeName"] = target;
        var scheduled = PodStatusCondition.FindOrAdd(pod, "PodScheduled");
        scheduled["status"] = "True";
        scheduled["lastTransitionTime"] = now;
        scheduled.Remove("reason");
        scheduled.Remove("message");
        return pod;
    }
}
