using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The RuntimeClass admission plugin (plugin/pkg/admission/runtimeclass/admission.go), on by default, on pod creates
/// only: its Admit runs after Priority among the mutating plugins, its Validate after PodSecurity among the validating
/// ones. Pods arrive as JSON (HTTP) or as models (controllers' pods, so a DaemonSet's too); both feed
/// <see cref="RuntimeClassAdmission"/>. Refusals are 403s naming the pod.
/// </summary>
public sealed partial class ResourceService
{
    private async Task AdmitRuntimeClassAsync(ResourceType type, JsonObject pod)
    {
        // Most pods name no class: their spec is not decoded for nothing.
        if (type != registry.Pods || pod["spec"] is not JsonObject specJson || specJson["runtimeClassName"] is null || TryDecodeSpec(specJson) is not { } spec)
        {
            return;
        }
        var name = ForbiddenName(ObjectMeta.Of(pod));
        var runtimeClass = await RuntimeClassOfAsync(spec.RuntimeClassName, name).ConfigureAwait(false);
        if (runtimeClass is null)
        {
            return;
        }
        if (RuntimeClassAdmission.Admit(runtimeClass, spec) is { } refusal)
        {
            throw PodForbidden(name, refusal);
        }
        // Only the fields the plugin sets are written back: the rest of the body stays as the client sent it.
        Put(specJson, "overhead", spec.Overhead);
        Put(specJson, "nodeSelector", spec.NodeSelector);
        Put(specJson, "tolerations", spec.Tolerations);
    }

    private async Task AdmitRuntimeClassAsync(ResourceType type, object model)
    {
        if (type != registry.Pods || model is not V1Pod { Spec: { } spec } pod)
        {
            return;
        }
        var name = pod.Metadata?.Name is { Length: > 0 } podName ? podName : pod.Metadata?.GenerateName ?? "";
        var runtimeClass = await RuntimeClassOfAsync(spec.RuntimeClassName, name).ConfigureAwait(false);
        if (RuntimeClassAdmission.Admit(runtimeClass, spec) is { } refusal)
        {
            throw PodForbidden(name, refusal);
        }
    }

    /// <summary>The plugin's Validate, on the admitted pod (after the mutating webhooks, which may have changed it).</summary>
    private void ValidateRuntimeClass(ResourceType type, string name, object? model, JsonObject? json)
    {
        if (type != registry.Pods)
        {
            return;
        }
        var spec = model is V1Pod typed ? typed.Spec
            : json?["spec"] is JsonObject specJson && (specJson["runtimeClassName"] is not null || specJson["overhead"] is not null) ? TryDecodeSpec(specJson)
            : null;
        if (spec is null || spec.RuntimeClassName is null && spec.Overhead is null)
        {
            return;
        }
        // The lister only: a class deleted since Admit found it is as missing as one never created.
        var runtimeClass = spec.RuntimeClassName is { } className
            ? TryGet(registry.RuntimeClasses, "", className) is { } stored
                ? ModelCodec.DecodeShared<V1RuntimeClass>(stored)
                : throw PodForbidden(name, RuntimeClassAdmission.NotFound(className))
            : null;
        if (RuntimeClassAdmission.Validate(runtimeClass, spec) is { } refusal)
        {
            throw PodForbidden(name, refusal);
        }
    }

    /// <summary>
    /// prepareObjects: the lister (this server's cache), then a live look once the cache caught up with the log, since
    /// a class created on another replica a moment ago may not be cached yet. The model is shared: read, never changed.
    /// </summary>
    private async ValueTask<V1RuntimeClass?> RuntimeClassOfAsync(string? className, string podName)
    {
        if (className is null)
        {
            return null;
        }
        if (TryGet(registry.RuntimeClasses, "", className) is not { } stored)
        {
            await store.CatchUpForReadAsync().ConfigureAwait(false);
            stored = TryGet(registry.RuntimeClasses, "", className) ?? throw PodForbidden(podName, RuntimeClassAdmission.NotFound(className));
        }
        return ModelCodec.DecodeShared<V1RuntimeClass>(stored);
    }

    private static void Put(JsonObject spec, string field, object? value)
    {
        if (value is null)
        {
            spec.Remove(field);
            return;
        }
        spec[field] = JsonSerializer.SerializeToNode(value, value.GetType(), ModelCodec.Options);
    }
}
