using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    /// <summary>
    /// pods/binding (pkg/registry/core/pod/storage/storage.go BindingREST): sets spec.nodeName once and
    /// marks PodScheduled; binding an already bound pod is a 409.
    /// </summary>
    public async Task<ObjectResult> BindAsync(string ns, string name, JsonObject binding, WriteOptions options)
    {
        var pods = registry.Pods;
        var bindingName = ObjectMeta.Str(ObjectMeta.Of(binding), "name");
        if (!string.IsNullOrEmpty(bindingName) && bindingName != name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Binding object");
        }
        var target = ObjectMeta.Str(binding["target"] as JsonObject, "name");
        if (string.IsNullOrEmpty(target))
        {
            throw ApiErrors.Invalid(pods, name, [new StatusCause("FieldValueRequired", "Required value", "target.name")]);
        }
        var uid = ObjectMeta.Str(ObjectMeta.Of(binding), "uid");
        var now = ObjectMeta.Timestamp(time.GetUtcNow());
        await UpdateAsync(pods, ns, name, pod =>
        {
            var meta = ObjectMeta.Of(pod);
            if (!string.IsNullOrEmpty(uid) && ObjectMeta.Str(meta, "uid") != uid)
            {
                throw ApiErrors.Conflict(pods, name, "Precondition failed: UID in precondition does not match");
            }
            if (meta["deletionTimestamp"] is not null)
            {
                throw ApiErrors.Conflict(pods, name, "pod is being deleted, cannot be assigned to a host");
            }
            var spec = pod["spec"] as JsonObject ?? [];
            if (ObjectMeta.Str(spec, "nodeName") is { Length: > 0 } existing)
            {
                throw ApiErrors.Conflict(pods, name, $"pod {name} is already assigned to node \"{existing}\"");
            }
            spec["nodeName"] = target;
            var status = pod["status"] as JsonObject ?? [];
            pod["status"] = status;
            var conditions = status["conditions"] as JsonArray ?? [];
            status["conditions"] = conditions;
            var scheduled = conditions.OfType<JsonObject>().FirstOrDefault(c => ObjectMeta.Str(c, "type") == "PodScheduled");
            if (scheduled is null)
            {
                scheduled = new JsonObject { ["type"] = "PodScheduled" };
                conditions.Add(scheduled);
            }
            scheduled["status"] = "True";
            scheduled["lastTransitionTime"] = now;
            scheduled.Remove("reason");
            scheduled.Remove("message");
            return pod;
        }, statusOnly: false, options, [], bypassStrategy: true).ConfigureAwait(false);
        return new ObjectResult(System.Text.Encoding.UTF8.GetBytes("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}"), 201, [], 0);
    }
}
