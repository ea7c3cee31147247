using System.Globalization;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// pkg/registry/customresourcedefinition/etcd.go REST.Delete: the first DELETE marks the CRD (deletionTimestamp, the
/// customresourcecleanup finalizer, Terminating=True InstanceDeletionPending) and answers 200 with it; the finalizer
/// controller then deletes the instances and lets it go. A DELETE of a CRD already marked is the generic one.
/// </summary>
public sealed class CustomResourceDefinitionDeletion : IDeleteRule
{
    public const string Finalizer = "customresourcecleanup.apiextensions.k8s.io";

    public async Task<ObjectResult?> DeleteAsync(ResourceService service, ResourceType type, string name, DeleteOptions options)
    {
        var current = await service.GetAsync(type, "", name).ConfigureAwait(false);
        var obj = ResourceService.Parse(current);
        var meta = ObjectMeta.Of(obj);
        if (meta["deletionTimestamp"] is not null)
        {
            return null;
        }
        // The REST Delete pins the UID it read, so a CRD recreated meanwhile is not marked in its predecessor's place.
        if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Index.Uid)
        {
            throw new ApiException(409, "Conflict", $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Index.Uid}");
        }
        if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw ApiErrors.ResourceVersionPreconditionFailed(type, name, rv, current.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        }
        var now = service.Time.GetUtcNow();
        meta["deletionTimestamp"] = ObjectMeta.Timestamp(now);
        var finalizers = meta["finalizers"] as JsonArray ?? [];
        meta["finalizers"] = finalizers;
        if (!finalizers.Any(f => f?.GetValue<string>() == Finalizer))
        {
            finalizers.Add(Finalizer);
        }
        var status = obj["status"] as JsonObject ?? [];
        obj["status"] = status;
        CustomResources.CrdConditions.Set(status, "Terminating", "True", "InstanceDeletionPending",
            "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", now);
        return await NamespaceDeletion.WriteMarkedAsync(service, type, name, obj, current, options.DryRun).ConfigureAwait(false);
    }
}
