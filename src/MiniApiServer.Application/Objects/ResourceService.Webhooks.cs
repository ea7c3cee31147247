using System.Text.Json.Nodes;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Application.Webhooks;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    /// <summary>
    /// MutatingAdmissionWebhook on a create, after the built-in mutating plugins: the webhooks see the object decoded and
    /// defaulted but without what rest.BeforeCreate fills in (uid, creationTimestamp, a generated name, status), as
    /// handlers/create.go calls them before the registry. The answer is the body to admit, with what the webhooks changed.
    /// </summary>
    private async Task<JsonObject> MutateCreateAsync(ResourceType type, string ns, string? name, JsonObject obj, WriteOptions options, List<string> warnings)
    {
        var view = DefaultedView(type, ns, obj);
        var attrs = Attributes(type, AdmissionOperation.Create, ns, name, options.Subresource, view, null, options.DryRun, CreateOrUpdateOptions("CreateOptions", options), options.User)
            with { Default = patched => DefaultedView(type, ns, patched) };
        return Mutated(type, obj, view, await webhooks.MutateAsync(attrs, warnings).ConfigureAwait(false));
    }

    /// <summary>
    /// <paramref name="body"/> with what the webhooks changed in <paramref name="view"/>: a merge patch between the two
    /// views, so the body never takes what the view's admission derived from metadata not yet filled in (a Job's
    /// generated selector names no uid there), and admission defaults the result again, as the dispatcher does.
    /// </summary>
    private JsonObject Mutated(ResourceType type, JsonObject body, JsonObject view, JsonObject? mutated)
    {
        if (mutated is null || ReferenceEquals(mutated, view))
        {
            return body;
        }
        var patched = Patching.JsonMergePatch.Apply(body, MergeDiff.Between(view, mutated)) as JsonObject ?? body;
        // A custom resource's schema prunes and defaults what a webhook wrote, as it did the client's body; the fields it
        // drops are no client's to hear about.
        return type.IsCustom ? DecodeCustom(type, patched, WriteOptions.Default with { FieldValidation = "Ignore" }, [], patched: false) : patched;
    }

    /// <summary>ValidatingAdmissionWebhook on a create, after the object is prepared and valid, before quota charges it.</summary>
    private Task ValidateCreateAsync(ResourceType type, string ns, string? name, JsonObject admitted, WriteOptions options, List<string> warnings) =>
        webhooks.ValidateAsync(Attributes(type, AdmissionOperation.Create, ns, name, options.Subresource, admitted, null, options.DryRun,
            CreateOrUpdateOptions("CreateOptions", options), options.User), warnings);

    /// <summary>
    /// A Service's validating webhooks see its cluster IP and node ports, as the registry's beginCreate allocates them
    /// before createValidation runs; a refusal gives them back, as the create's failure would.
    /// </summary>
    private async Task ValidateAllocatedCreateAsync(ResourceType type, string ns, string? name, JsonObject admitted, List<Services.ServiceAllocation> allocated,
        WriteOptions options, List<string> warnings)
    {
        try
        {
            await ValidateCreateAsync(type, ns, name, admitted, options, warnings).ConfigureAwait(false);
        }
        catch
        {
            await allocator.ReleaseAsync(allocated).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// MutatingAdmissionWebhook on an update: the webhooks see the new object decoded and defaulted, before the
    /// registry's PrepareForUpdate and validation (handlers/update.go's transformers), with the stored one as oldObject.
    /// </summary>
    private async Task<JsonObject> MutateUpdateAsync(ResourceType type, string ns, string name, JsonObject obj, JsonObject old, bool statusOnly, WriteOptions options, List<string> warnings)
    {
        if (options.Subresource == "scale")
        {
            return await MutateScaleAsync(type, ns, name, obj, old, options, warnings).ConfigureAwait(false);
        }
        var view = DefaultedView(type, ns, obj);
        var attrs = Attributes(type, AdmissionOperation.Update, ns, name, statusOnly ? "status" : options.Subresource, view, old, options.DryRun,
            CreateOrUpdateOptions("UpdateOptions", options), options.User) with { Default = patched => DefaultedView(type, ns, patched) };
        return Mutated(type, obj, view, await webhooks.MutateAsync(attrs, warnings).ConfigureAwait(false));
    }

    private Task ValidateUpdateAsync(ResourceType type, string ns, string name, JsonObject admitted, JsonObject old, bool statusOnly, WriteOptions options, List<string> warnings)
    {
        var scale = options.Subresource == "scale";
        var attrs = Attributes(type, AdmissionOperation.Update, ns, name, statusOnly ? "status" : options.Subresource,
            scale ? ScaleOf(admitted, CustomScale(type)) : admitted, scale ? ScaleOf(old, CustomScale(type)) : old, options.DryRun,
            CreateOrUpdateOptions("UpdateOptions", options), options.User);
        return webhooks.ValidateAsync(scale ? attrs with { ObjectKind = ScaleKind } : attrs, warnings);
    }

    private static readonly (string, string, string) ScaleKind = ("autoscaling", "v1", "Scale");

    /// <summary>
    /// A write through /scale, as the scale REST's update sends it: the autoscaling/v1 Scale, new and old, and a
    /// patch of the Scale's spec.replicas carried to the parent, the only field the subresource writes.
    /// </summary>
    private async Task<JsonObject> MutateScaleAsync(ResourceType type, string ns, string name, JsonObject obj, JsonObject old, WriteOptions options, List<string> warnings)
    {
        var custom = CustomScale(type);
        var view = ScaleOf(obj, custom);
        var attrs = Attributes(type, AdmissionOperation.Update, ns, name, "scale", view, ScaleOf(old, custom), options.DryRun,
            CreateOrUpdateOptions("UpdateOptions", options), options.User) with { ObjectKind = ScaleKind };
        var mutated = await webhooks.MutateAsync(attrs, warnings).ConfigureAwait(false);
        if (mutated is null || ReferenceEquals(mutated, view))
        {
            return obj;
        }
        if (mutated["spec"]?["replicas"] is not JsonValue replicas || !replicas.TryGetValue<int>(out var count))
        {
            // The patched Scale does not decode: the dispatcher's 500, as a patch that breaks the object's type is upstream.
            throw new ApiException(500, "InternalError", "Internal error occurred: json: cannot unmarshal the patched Scale's spec.replicas into Go struct field ScaleSpec.spec.replicas of type int32");
        }
        if (custom is not null)
        {
            CustomResources.CustomScalePaths.Set(obj, custom.SpecReplicasPath, count);
        }
        else
        {
            var spec = obj["spec"] as JsonObject ?? [];
            obj["spec"] = spec;
            spec["replicas"] = count;
        }
        return obj;
    }

    /// <summary>
    /// Both plugins on a delete, after its preconditions and on every attempt, with the stored object as oldObject and no
    /// object (rest.AdmissionToValidateObjectDeleteFunc for the validating ones; a mutating webhook may not patch it).
    /// </summary>
    private async Task AdmitDeleteAsync(ResourceType type, string ns, string name, JsonObject old, DeleteOptions options, List<string> warnings)
    {
        var attrs = Attributes(type, AdmissionOperation.Delete, ns, name, null, null, old, options.DryRun, DeleteOptionsJson(options), options.User);
        await webhooks.MutateAsync(attrs, warnings).ConfigureAwait(false);
        await webhooks.ValidateAsync(attrs, warnings).ConfigureAwait(false);
    }

    /// <summary><see cref="AdmitDeleteAsync"/> ahead of a kind's own delete rule (namespaces, CRDs), on the object as it is.</summary>
    private async Task<List<string>> AdmitRuledDeleteAsync(ResourceType type, string ns, string name, DeleteOptions options)
    {
        var warnings = new List<string>();
        if (webhooks.Intercepts(type, AdmissionOperation.Delete) && await FindAsync(type, ns, name).ConfigureAwait(false) is { } current)
        {
            await AdmitDeleteAsync(type, ns, name, Parse(current), options, warnings).ConfigureAwait(false);
        }
        return warnings;
    }

    private static AdmissionAttributes Attributes(ResourceType type, string operation, string ns, string? name, string? subresource,
        JsonObject? obj, JsonObject? old, bool dryRun, JsonObject options, AdmissionUser? user) =>
        // A Namespace's requests carry its own name as their namespace (handlers/create.go), which its selector reads.
        new(type, operation, type.Group.Length == 0 && type.Plural == "namespaces" ? name ?? "" : ns, name ?? "", subresource, obj, old, dryRun, options, user ?? AdmissionUser.ControlPlane);

    /// <summary>
    /// The body as the scheme's defaulting leaves it: the strategy's create admission on a copy (the strategies default
    /// there), with the metadata and status the client sent put back, since defaulting touches neither but
    /// PrepareForCreate does. A body the strategy cannot read goes to the webhooks as sent; the write fails on it after
    /// them, as upstream's decode would before.
    /// </summary>
    private JsonObject DefaultedView(ResourceType type, string ns, JsonObject obj)
    {
        try
        {
            var metadata = obj["metadata"]?.DeepClone() as JsonObject ?? [];
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
            }
            var copy = obj.DeepClone().AsObject();
            copy["metadata"] = metadata.DeepClone();
            // A JSON strategy admits the copy in place; the metadata put back is the one taken before.
            var defaulted = strategies.For(type).AdmitCreate(copy, time.GetUtcNow(), new FieldErrors());
            defaulted["metadata"] = metadata;
            if (obj["status"] is { } status)
            {
                defaulted["status"] = status.DeepClone();
            }
            else
            {
                defaulted.Remove("status");
            }
            return defaulted;
        }
        catch (ApiException)
        {
            return obj;
        }
    }

    private static JsonObject CreateOrUpdateOptions(string kind, WriteOptions options)
    {
        var json = new JsonObject { ["kind"] = kind, ["apiVersion"] = "meta.k8s.io/v1" };
        if (options.DryRun)
        {
            json["dryRun"] = new JsonArray("All");
        }
        if (options.Manager is { Length: > 0 } manager)
        {
            json["fieldManager"] = manager;
        }
        if (options.FieldValidation != "Warn")
        {
            json["fieldValidation"] = options.FieldValidation;
        }
        return json;
    }

    private static JsonObject DeleteOptionsJson(DeleteOptions options)
    {
        var json = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "meta.k8s.io/v1" };
        if (options.GracePeriodSeconds is { } grace)
        {
            json["gracePeriodSeconds"] = grace;
        }
        if (options.PreconditionUid is { Length: > 0 } || options.PreconditionResourceVersion is { Length: > 0 })
        {
            var preconditions = new JsonObject();
            if (options.PreconditionUid is { Length: > 0 } uid)
            {
                preconditions["uid"] = uid;
            }
            if (options.PreconditionResourceVersion is { Length: > 0 } rv)
            {
                preconditions["resourceVersion"] = rv;
            }
            json["preconditions"] = preconditions;
        }
        if (options.PropagationPolicy is { } policy)
        {
            json["propagationPolicy"] = policy;
        }
        if (options.DryRun)
        {
            json["dryRun"] = new JsonArray("All");
        }
        return json;
    }

    /// <summary>
    /// An in-process model update while webhooks may intercept it: the JSON path, which calls them, with the mutation
    /// applied to a model of the current object. A mutation that changes nothing writes nothing and calls no webhook,
    /// as a controller that finds nothing to change sends no request.
    /// </summary>
    private async Task<ObjectResult> UpdateModelWithWebhooksAsync(ResourceType type, string ns, string name, Func<object, bool> mutate, bool statusOnly,
        bool keepResourceVersion, bool dryRun)
    {
        try
        {
            return await UpdateAsync(type, ns, name, current =>
            {
                var model = ModelCodec.Decode(current, type.ModelType);
                return mutate(model) ? ModelCodec.Encode(model) : throw new NothingToWriteException();
            }, statusOnly, new WriteOptions(DryRun: dryRun), exposeResourceVersion: keepResourceVersion).ConfigureAwait(false);
        }
        catch (NothingToWriteException)
        {
            var current = await GetAsync(type, ns, name).ConfigureAwait(false);
            return new ObjectResult(current.Json, 200, [], current.ResourceVersion);
        }
    }

    private sealed class NothingToWriteException : Exception;
}
