using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// pkg/registry/core/namespace/storage: the first DELETE marks the namespace Terminating (deletionTimestamp,
/// status.phase); the namespace controller then deletes its content and calls DELETE again, which removes
/// the namespace once nothing is left in it.
/// </summary>
public sealed class NamespaceDeletion : IDeleteRule
{
    // The NamespaceLifecycle admission plugin's immortal namespaces.
    private static readonly HashSet<string> Protected = ["default", "kube-system", "kube-public"];

    public async Task<ObjectResult?> DeleteAsync(ResourceService service, ResourceType type, string name, DeleteOptions options)
    {
        if (Protected.Contains(name))
        {
            throw ApiErrors.Forbidden($"namespaces \"{name}\" is forbidden: this namespace may not be deleted");
        }
        var current = await service.GetAsync(type, "", name).ConfigureAwait(false);
        if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Index.Uid)
        {
            throw ApiErrors.UidPreconditionFailed(type, name, uid, current.Index.Uid);
        }
        // The namespace registry checks both preconditions itself, with Preconditions.Check's wording, before it marks.
        if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw ApiErrors.ResourceVersionPreconditionFailed(type, name, rv, current.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        }
        var obj = ResourceService.Parse(current);
        if (ObjectMeta.Of(obj)["deletionTimestamp"] is null)
        {
            ObjectMeta.Of(obj)["deletionTimestamp"] = ObjectMeta.Timestamp(service.Time.GetUtcNow());
            ObjectMeta.Of(obj)["deletionGracePeriodSeconds"] = 0;
            var status = obj["status"] as JsonObject ?? [];
            status["phase"] = "Terminating";
            obj["status"] = status;
            return await WriteMarkedAsync(service, type, name, obj, current, options.DryRun).ConfigureAwait(false);
        }
        if (options.DryRun || !service.IsNamespaceEmpty(name))
        {
            return new ObjectResult(current.Json, 200, [], current.ResourceVersion);
        }
        var result = await service.Store.WriteAsync(new WriteCommand(WriteKind.Delete, type.StorageKey, "", name, null, current.ResourceVersion)).ConfigureAwait(false);
        return result.Succeeded
            ? new ObjectResult(result.Object!.Json, 200, [], result.Object.ResourceVersion)
            : throw ApiErrors.Conflict(type, name);
    }

    /// <summary>
    /// A delete that marks instead of removing (a namespace's Terminating phase, a CRD's cleanup finalizer): the marked
    /// object written over exactly the version read, answered with 200 and the object; a lost race is the 409 upstream's
    /// GuaranteedUpdate would retry into.
    /// </summary>
    internal static async Task<ObjectResult> WriteMarkedAsync(ResourceService service, ResourceType type, string name, JsonObject obj, StoredObject current, bool dryRun)
    {
        if (dryRun)
        {
            return new ObjectResult(JsonSerializer.SerializeToUtf8Bytes(obj), 200, [], current.ResourceVersion);
        }
        var marked = await service.Store.WriteAsync(new WriteCommand(WriteKind.Update, type.StorageKey, "", name, obj, current.ResourceVersion)).ConfigureAwait(false);
        return marked.Succeeded
            ? new ObjectResult(marked.Object!.Json, 200, [], marked.Object.ResourceVersion)
            : throw ApiErrors.Conflict(type, name);
    }
}
