using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Features;
using MiniApiServer.Security;
using MiniApiServer.Application.Tables;
using MiniApiServer.Watch;

namespace MiniApiServer.Http;

/// <summary>
/// Every resource path: /api/v1/... and /apis/{group}/{version}/.... The path is parsed like upstream's
/// RequestInfoFactory rather than by route templates, because "namespaces/{ns}/{resource}" and
/// "namespaces/{name}/{subresource}" have the same shape.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ResourcesController(
    ISender sender, ResourceRegistry registry, WatchStreamer watches, MiniApiServer.Storage.ObjectStore store, TimeProvider time) : ControllerBase
{
    private const string CoreRoute = "api/{version}/{**path}";
    private const string GroupRoute = "apis/{group}/{version}/{**path}";

    // A declared length is trusted for an allocation only this large; a bigger body grows a stream as it arrives.
    private const long KnownLengthBodyLimit = 1 << 20;

    [HttpGet(CoreRoute)]
    [HttpGet(GroupRoute)]
    public async Task Get()
    {
        var info = Parse();
        if (info.Name is null || IsWatch() || info.Watch)
        {
            if (info.Name is not null && !info.Watch)
            {
                throw ApiErrors.MethodNotAllowed();
            }
            await ListOrWatch(info).ConfigureAwait(false);
            return;
        }
        if (info.Subresource == "scale")
        {
            var scale = await sender.Send(new GetScaleQuery(info.Type, info.Namespace, info.Name), HttpContext.RequestAborted).ConfigureAwait(false);
            await ObjectWriter.WriteObjectAsync(Response, JsonSerializer.SerializeToUtf8Bytes(scale), 200).ConfigureAwait(false);
            return;
        }
        if (info.Subresource is not (null or "status" or PodStrategy.EphemeralContainersSubresource or CertificateSigningRequestStrategy.ApprovalSubresource))
        {
            throw ApiErrors.MethodNotAllowed();
        }
        var served = Served(info);
        var obj = await sender.Send(new GetObjectQuery(served.Stored, info.Namespace, info.Name), HttpContext.RequestAborted).ConfigureAwait(false);
        if (obj is null)
        {
            await StatusWriter.WriteAsync(Response, ApiErrors.NotFound(served.Stored, info.Name)).ConfigureAwait(false);
            return;
        }
        if (MediaTypes.WantsTable(Request))
        {
            await WriteTable(served, [obj.Json], obj.ResourceVersion.ToString(CultureInfo.InvariantCulture), null).ConfigureAwait(false);
            return;
        }
        await ObjectWriter.WriteObjectAsync(Response, served.Out(obj.Json), 200).ConfigureAwait(false);
    }

    [HttpPost(CoreRoute)]
    [HttpPost(GroupRoute)]
    public async Task Post()
    {
        if (LegacyBindingNamespace() is { } bindingNamespace)
        {
            var binding = await ReadObjectBody().ConfigureAwait(false);
            var podName = ObjectMeta.Str(ObjectMeta.Of(binding), "name") ?? "";
            // rest.EnsureObjectNamespaceMatchesRequestNamespace, as the create handler checks before LegacyBindingREST.
            if (ObjectMeta.Str(ObjectMeta.Of(binding), "namespace") is { Length: > 0 } bodyNamespace && bodyNamespace != bindingNamespace)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            var bound = await sender.Send(new CreateSubresourceCommand(registry.Pods, "binding", bindingNamespace, podName, binding, WriteOptions(), Requester),
                HttpContext.RequestAborted).ConfigureAwait(false);
            await ObjectWriter.WriteObjectAsync(Response, bound.Json, bound.StatusCode).ConfigureAwait(false);
            return;
        }
        var info = Parse();
        var options = WriteOptions();
        if (info.Subresource is not null && info.Name is not null && registry.KindOf(info.Type).Subresource(info.Subresource) is not null)
        {
            var subresourceBody = await ReadObjectBody().ConfigureAwait(false);
            var created = await sender.Send(new CreateSubresourceCommand(info.Type, info.Subresource, info.Namespace, info.Name, subresourceBody, options, Requester), HttpContext.RequestAborted).ConfigureAwait(false);
            await ObjectWriter.WriteObjectAsync(Response, created.Json, created.StatusCode).ConfigureAwait(false);
            return;
        }
        if (info.Name is not null || info.AllNamespaces)
        {
            throw ApiErrors.MethodNotAllowed();
        }
        var served = Served(info);
        // A JSON body for a kind stored as served is handed on as bytes, for the typed decode that needs no tree.
        var command = served.Version is null && MediaTypes.BaseType(Request.ContentType) == "application/json"
            ? new CreateObjectCommand(served.Stored, info.Namespace, null, options, Requester) { Json = await ReadBody().ConfigureAwait(false) }
            : await ReadCreate(served, info.Namespace, options).ConfigureAwait(false);
        var result = await sender.Send(command, HttpContext.RequestAborted).ConfigureAwait(false);
        await ObjectWriter.WriteObjectAsync(Response, served.Out(result.Json), result.StatusCode, result.Warnings).ConfigureAwait(false);
    }

    private async Task<CreateObjectCommand> ReadCreate(ServedResource served, string ns, WriteOptions options)
    {
        var (body, duplicates) = await ReadObjectBody(served.Served.BodyType).ConfigureAwait(false);
        return new CreateObjectCommand(served.Stored, ns, served.InForCreate(body), options with { BodyDuplicates = duplicates }, Requester);
    }

    [HttpPut(CoreRoute)]
    [HttpPut(GroupRoute)]
    public async Task Put()
    {
        var info = Parse();
        if (info.Name is null || info.Subresource is not (null or "status" or "finalize" or "scale" or PodStrategy.EphemeralContainersSubresource or CertificateSigningRequestStrategy.ApprovalSubresource))
        {
            throw ApiErrors.MethodNotAllowed();
        }
        if (info.Subresource == "scale")
        {
            var (scale, repeated) = await ReadObjectBody(typeof(k8s.Models.V1Scale)).ConfigureAwait(false);
            await WriteScale(new ScaleCommand(info.Type, info.Namespace, info.Name, scale, null, default, WriteOptions() with { BodyDuplicates = repeated }, Requester)).ConfigureAwait(false);
            return;
        }
        var served = Served(info);
        var (body, duplicates) = await ReadObjectBody(served.Served.BodyType).ConfigureAwait(false);
        var result = await sender.Send(new ReplaceObjectCommand(served.Stored, info.Namespace, info.Name, served.In(body),
            info.Subresource == "status", WriteOptions(info) with { BodyDuplicates = duplicates }, Requester), HttpContext.RequestAborted).ConfigureAwait(false);
        await ObjectWriter.WriteObjectAsync(Response, served.Out(result.Json), result.StatusCode, result.Warnings).ConfigureAwait(false);
    }

    [HttpPatch(CoreRoute)]
    [HttpPatch(GroupRoute)]
    public async Task Patch()
    {
        var info = Parse();
        if (info.Name is null || info.Subresource is not (null or "status" or "scale" or PodStrategy.EphemeralContainersSubresource or CertificateSigningRequestStrategy.ApprovalSubresource))
        {
            throw ApiErrors.MethodNotAllowed();
        }
        var contentType = MediaTypes.BaseType(Request.ContentType);
        var patchType = contentType switch
        {
            "application/json-patch+json" => PatchType.Json,
            "application/merge-patch+json" => PatchType.Merge,
            "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
            "application/apply-patch+yaml" => PatchType.Apply,
            _ => throw ApiErrors.UnsupportedPatchType(),
        };
        if (patchType == PatchType.StrategicMerge && info.Type.IsCustom)
        {
            // customresource_handler.go lists the patch types a custom resource takes; strategic merge needs a Go struct.
            throw new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }
        var body = await ReadBody().ConfigureAwait(false);
        if (info.Subresource == "scale")
        {
            await WriteScale(new ScaleCommand(info.Type, info.Namespace, info.Name, null, patchType, body, WriteOptions(), Requester)).ConfigureAwait(false);
            return;
        }
        var force = QueryParameters.Bool(Request, "force");
        var served = Served(info);
        var result = await sender.Send(new PatchObjectCommand(served.Stored, info.Namespace, info.Name, patchType, body,
            info.Subresource == "status", WriteOptions(info), force, Requester, served.Version), HttpContext.RequestAborted).ConfigureAwait(false);
        await ObjectWriter.WriteObjectAsync(Response, served.Out(result.Json), result.StatusCode, result.Warnings).ConfigureAwait(false);
    }

    [HttpDelete(CoreRoute)]
    [HttpDelete(GroupRoute)]
    public async Task Delete()
    {
        var info = Parse();
        if (info.Subresource is not null)
        {
            throw ApiErrors.MethodNotAllowed();
        }
        var (options, warning) = await DeleteOptions(info.Type).ConfigureAwait(false);
        ObjectWriter.AddWarnings(Response, warning is null ? null : [warning]);
        var served = Served(info);
        if (info.Name is null)
        {
            var listOptions = ListOptions();
            ListOptionsValidation.Validate(listOptions, watch: false, sendInitialEvents: null);
            var deleted = await sender.Send(new DeleteCollectionCommand(served.Stored, info.AllNamespaces ? null : info.Namespace, served.In(listOptions), options, Requester), HttpContext.RequestAborted).ConfigureAwait(false);
            await ObjectWriter.WriteListAsync(Response, info.Type, served.Out(deleted), store.Revision, null, null).ConfigureAwait(false);
            return;
        }
        var result = await sender.Send(new DeleteObjectCommand(served.Stored, info.Namespace, info.Name, options, Requester), HttpContext.RequestAborted).ConfigureAwait(false);
        if (result.Removed && !DeletedObjectStatus.ReturnsDeletedObject(info.Type))
        {
            await ObjectWriter.WriteObjectAsync(Response, DeletedObjectStatus.For(info.Type, info.Name, result.Json), result.StatusCode).ConfigureAwait(false);
            return;
        }
        await ObjectWriter.WriteObjectAsync(Response, served.Out(result.Json), result.StatusCode).ConfigureAwait(false);
    }

    private async Task WriteScale(ScaleCommand command)
    {
        var result = await sender.Send(command, HttpContext.RequestAborted).ConfigureAwait(false);
        await ObjectWriter.WriteObjectAsync(Response, JsonSerializer.SerializeToUtf8Bytes(result.Scale), 200, result.Warnings).ConfigureAwait(false);
    }

    private async Task ListOrWatch(RequestInfo info)
    {
        var ns = info.AllNamespaces || !info.Type.Namespaced ? null : info.Namespace;
        var listOptions = ListOptions();
        var watch = IsWatch() || info.Watch;
        bool? sendInitialEvents = Request.Query.ContainsKey("sendInitialEvents") ? QueryParameters.Bool(Request, "sendInitialEvents") : null;
        sendInitialEvents = ListOptionsValidation.Validate(listOptions, watch, sendInitialEvents);
        var served = Served(info);
        listOptions = served.In(listOptions);
        if (info.Watch && info.Name is not null)
        {
            listOptions = SingleObjectWatch.Select(served.Stored, listOptions, info.Name);
        }
        if (watch)
        {
            var (labels, fields) = ResourceService.ParseSelectors(served.Stored, listOptions);
            ResourceService.ParseResourceVersion(listOptions.ResourceVersion, "resourceVersion");
            var timeout = WatchTimeout(QueryParameters.TimeoutSeconds(Request));
            await watches.StreamAsync(HttpContext, new WatchRequest(served.Stored, ns, labels, fields, listOptions.ResourceVersion, timeout,
                QueryParameters.Bool(Request, "allowWatchBookmarks"), MediaTypes.WantsTable(Request),
                MediaTypes.WantsTable(Request) ? MediaTypes.IncludeObject(Request) : TableIncludeObject.Metadata)
            {
                SendInitialEvents = sendInitialEvents,
                Served = served,
                Printer = PrinterOf(served),
            }).ConfigureAwait(false);
            return;
        }
        QueryParameters.TimeoutSeconds(Request);
        var list = await sender.Send(new ListObjectsQuery(served.Stored, ns, listOptions), HttpContext.RequestAborted).ConfigureAwait(false);
        if (MediaTypes.WantsTable(Request))
        {
            await WriteTable(served, list.Items.Select(i => i.Json).ToList(), list.ResourceVersion.ToString(CultureInfo.InvariantCulture), list.Continue, list.RemainingItemCount).ConfigureAwait(false);
            return;
        }
        await ObjectWriter.WriteListAsync(Response, info.Type, served.Out(list.Items), list.ResourceVersion, list.Continue, list.RemainingItemCount).ConfigureAwait(false);
    }

    /// <summary>
    /// The rows are printed from stored objects, so by the stored kind's printer; a custom resource's columns are its
    /// served version's (a CRD's printer columns are per version, over the same fields).
    /// </summary>
    private Application.Tables.RowPrinter PrinterOf(ServedResource served) =>
        registry.KindOf(served.Served.IsCustom ? served.Served : served.Stored).Printer;

    /// <summary>Rows of stored objects, with the columns of the version asked for.</summary>
    private async Task WriteTable(ServedResource served, IReadOnlyList<byte[]> items, string rv, string? continueToken, long? remainingItemCount = null)
    {
        var table = TableConverter.ToUtf8(served.Stored.Group, served.Stored.Plural, items, rv, continueToken, MediaTypes.IncludeObject(Request), time.GetUtcNow(),
            remainingItemCount: remainingItemCount, printer: PrinterOf(served));
        await ObjectWriter.WriteObjectAsync(Response, table, 200).ConfigureAwait(false);
    }

    private string? LegacyBindingNamespace() =>
        LegacyBindings.Namespace(RouteData.Values["group"] as string ?? "", RouteData.Values["version"] as string ?? "", RouteData.Values["path"] as string ?? "");

    /// <summary>
    /// Route values are read directly rather than model-bound: MVC's binding reads the form first for form
    /// content types, and a malformed multipart body would leave every parameter unbound (a 404, not a 415).
    /// </summary>
    private RequestInfo Parse()
    {
        var values = RouteData.Values;
        var group = values["group"] as string ?? "";
        var version = values["version"] as string ?? "";
        var path = values["path"] as string;
        if (group.Length == 0 && version != "v1")
        {
            throw ApiErrors.PathNotFound();
        }
        if (LegacyBindings.Namespace(group, version, path ?? "") is not null)
        {
            throw ApiErrors.MethodNotAllowed();
        }
        var info = RequestInfo.Parse(registry, group, version, path ?? "");
        if (info.Watch && !HttpMethods.IsGet(Request.Method))
        {
            throw ApiErrors.MethodNotAllowed();
        }
        // NamespaceKeyFunc and NoNamespaceKeyFunc (registry/generic/registry/store.go): a name that cannot be one storage
        // path segment ("..", ".", one with '%') is refused before storage is asked, not looked up as a missing object.
        // Kestrel leaves an encoded slash as %2F, which Go would have decoded into a segment boundary: not a name's '%'.
        if (!info.Watch && info.Name is { } name && !name.Contains("%2F", StringComparison.OrdinalIgnoreCase)
            && ObjectMetaValidation.PathSegmentNameError(name) is { } invalid)
        {
            throw ApiErrors.BadRequest($"Name parameter invalid: {GoSyntax.Quote(name)}: {invalid}");
        }
        return info;
    }

    private ServedResource Served(RequestInfo info) => new(registry, info.Type);

    private bool IsWatch() => QueryParameters.Bool(Request, "watch");

    private bool IsYaml() => MediaTypes.BaseType(Request.ContentType) is "application/yaml" or "application/x-yaml" or "text/yaml";

    /// <summary>An object body: JSON, YAML, or the protobuf that kubectl's typed clients send.</summary>
    private async Task<System.Text.Json.Nodes.JsonObject> ReadObjectBody() => (await ReadObjectBody(null).ConfigureAwait(false)).Body;

    /// <summary><see cref="ReadObjectBody()"/> of a body that decodes into <paramref name="modelType"/>, and the keys it repeats.</summary>
    private async Task<(System.Text.Json.Nodes.JsonObject Body, BodyDuplicates? Duplicates)> ReadObjectBody(Type? modelType)
    {
        if (MediaTypes.BaseType(Request.ContentType) != MediaTypes.Protobuf)
        {
            var body = RequestBody.ParseObject(await ReadBody().ConfigureAwait(false), IsYaml(), modelType, out var duplicates);
            return (body, duplicates);
        }
        var bytes = await ReadBody(allowProtobuf: true).ConfigureAwait(false);
        try
        {
            return (Application.Serialization.Protobuf.KubernetesProtobuf.Decode(bytes.Span), null);
        }
        catch (NotSupportedException)
        {
            throw ApiErrors.UnsupportedMediaType();
        }
        catch (FormatException ex)
        {
            throw ApiErrors.BadRequest($"the request body could not be decoded as protobuf: {ex.Message}");
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBody(bool allowProtobuf = false)
    {
        var type = MediaTypes.BaseType(Request.ContentType);
        var protobuf = allowProtobuf && type == MediaTypes.Protobuf;
        var known = type is "" or "application/json" or "application/yaml" or "application/x-yaml" or "text/yaml" or "*/*"
            or "application/json-patch+json" or "application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/apply-patch+yaml";
        if (!protobuf && ((type.Length == 0 && !string.IsNullOrEmpty(Request.ContentType)) || !known))
        {
            throw ApiErrors.UnsupportedMediaType();
        }
        if (Request.ContentLength is { } length and > 0 and <= KnownLengthBodyLimit)
        {
            // The common case: read straight into an array of the declared size (Kestrel fails a shorter body).
            var body = new byte[length];
            await Request.Body.ReadExactlyAsync(body, HttpContext.RequestAborted).ConfigureAwait(false);
            return body;
        }
        using var ms = new MemoryStream();
        await Request.Body.CopyToAsync(ms, HttpContext.RequestAborted).ConfigureAwait(false);
        return ms.ToArray();
    }

    /// <summary>The request's user as an AdmissionReview's userInfo names it.</summary>
    private Application.Webhooks.AdmissionUser AdmissionUser
    {
        get
        {
            var user = HttpContext.Items[UserInfo.ContextKey] as UserInfo ?? UserInfo.UnsecuredRequestor;
            return new(user.Name, user.Uid, user.Groups, user.Extra);
        }
    }

    /// <summary>The authenticated user; with authentication off, the user kube-apiserver's insecure port acted as.</summary>
    private string Requester => HttpContext.Items[UserInfo.ContextKey] is UserInfo u ? u.Name : UserInfo.Unsecured;

    private WriteOptions WriteOptions()
    {
        var validation = Request.Query["fieldValidation"].ToString();
        var fieldManager = NullIfEmpty(Request.Query["fieldManager"].ToString());
        var dryRun = DryRunValues(Request.Query["dryRun"]);
        // Most writes name no options at all: nothing to collect errors for (a create under wrk allocated 0.2 KB more).
        if (fieldManager is not null || dryRun.Count > 0 || validation.Length > 0)
        {
            var errors = new FieldErrors();
            OptionsValidation.WriteOptions(fieldManager, dryRun, validation, errors);
            OptionsValidation.ThrowIfAny(Request.Method switch
            {
                "PUT" => "UpdateOptions",
                "PATCH" => "PatchOptions",
                _ => "CreateOptions",
            }, errors);
        }
        // Every HTTP write records its manager, named by the client or else by its User-Agent, as kube-apiserver does.
        return new WriteOptions(dryRun.Count > 0, validation.Length == 0 ? "Warn" : validation, fieldManager,
            FieldManagerName.FromUserAgent(Request.Headers.UserAgent.ToString())) { User = AdmissionUser };
    }

    /// <summary>
    /// A write's options, with the subresource it came through when that is neither the object nor its status (which the
    /// commands carry apart): admission, webhooks and managedFields see pods/ephemeralcontainers, namespaces/finalize and
    /// certificatesigningrequests/approval.
    /// </summary>
    private WriteOptions WriteOptions(RequestInfo info) =>
        info.Subresource is PodStrategy.EphemeralContainersSubresource or "finalize" or CertificateSigningRequestStrategy.ApprovalSubresource ? WriteOptions() with { Subresource = info.Subresource } : WriteOptions();

    private ListOptions ListOptions()
    {
        int? limit = null;
        if (Request.Query.TryGetValue("limit", out var l) && l.ToString().Length > 0)
        {
            if (!int.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                throw ApiErrors.BadRequest($"invalid limit: \"{l}\"");
            }
            limit = parsed;
        }
        var match = NullIfEmpty(Request.Query["resourceVersionMatch"].ToString());
        var resourceVersion = NullIfEmpty(Request.Query["resourceVersion"].ToString());
        var continueToken = NullIfEmpty(Request.Query["continue"].ToString());
        return new ListOptions(
            NullIfEmpty(Request.Query["labelSelector"].ToString()),
            NullIfEmpty(Request.Query["fieldSelector"].ToString()),
            limit,
            continueToken,
            resourceVersion,
            match);
    }

    private const string JobDeleteWarning =
        "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning";

    /// <summary>
    /// DeleteOptions from the body when there is one, else from the query (handlers/delete.go reads one or the other;
    /// here a body's values win over the query's), validated as ValidateDeleteOptions does.
    /// </summary>
    private async Task<(DeleteOptions Options, string? Warning)> DeleteOptions(ResourceType type)
    {
        var q = Request.Query;
        long? grace = null;
        if (q.TryGetValue("gracePeriodSeconds", out var g) && g.ToString().Length > 0)
        {
            grace = long.TryParse(g, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
                : throw ApiErrors.BadRequest($"invalid gracePeriodSeconds: \"{g}\"");
        }
        var policy = NullIfEmpty(q["propagationPolicy"].ToString());
        var dryRun = DryRunValues(q["dryRun"]);
        bool? orphan = q.ContainsKey("orphanDependents") ? QueryParameters.Bool(Request, "orphanDependents") : null;
        string? uid = null, rv = null;
        if (Request.ContentLength is > 0 || Request.Headers.TransferEncoding.Count > 0)
        {
            // kubectl's typed clients (drain's fallback delete) send DeleteOptions as protobuf.
            var body = MediaTypes.BaseType(Request.ContentType) == MediaTypes.Protobuf
                ? DeleteOptionsBody.Check(await ReadObjectBody().ConfigureAwait(false))
                : await ReadBody().ConfigureAwait(false) is { Length: > 0 } raw ? DeleteOptionsBody.Check(RequestBody.Parse(raw, IsYaml())) : null;
            if (body is not null)
            {
                // Typed decoding turns a wrong type ("gracePeriodSeconds":"x") into a 400 rather than a cast failure.
                var decoded = ModelCodec.Decode<k8s.Models.V1DeleteOptions>(body);
                grace = decoded.GracePeriodSeconds ?? grace;
                policy = decoded.PropagationPolicy ?? policy;
                orphan = decoded.OrphanDependents ?? orphan;
                if (decoded.DryRun is { Count: > 0 } bodyDryRun)
                {
                    dryRun = [.. bodyDryRun];
                }
                uid = decoded.Preconditions?.Uid;
                rv = decoded.Preconditions?.ResourceVersion;
            }
        }
        var errors = new FieldErrors();
        OptionsValidation.DeleteOptions(orphan, policy, dryRun, errors);
        OptionsValidation.ThrowIfAny("DeleteOptions", errors);
        // The deprecated orphanDependents: true is the Orphan policy, false the kind's default.
        policy ??= orphan == true ? "Orphan" : null;
        // batch/v1 Jobs and core/v1 ReplicationControllers orphan their pods unless told otherwise (their strategies'
        // DefaultGarbageCollectionPolicy, kept for back compatibility), and the job REST's Delete says so.
        var isJob = type.Group == "batch" && type.Plural == "jobs";
        var orphanByDefault = policy is null && orphan is null && (isJob || (type.Group == "" && type.Plural == "replicationcontrollers"));
        return (new DeleteOptions(grace, policy, uid, rv, dryRun.Count > 0) { OrphanByDefault = orphanByDefault, User = AdmissionUser }, orphanByDefault && isJob ? JobDeleteWarning : null);
    }

    /// <summary>Every dryRun value given; an empty one counts as none.</summary>
    private static IReadOnlyList<string> DryRunValues(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? [] : [.. values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>
    /// handlers/get.go ListResource: a watch without timeoutSeconds, or with 0, ends after --min-request-timeout (1800 s)
    /// times a random factor in [1, 2), so that watches opened together do not all reconnect together.
    /// </summary>
    private static TimeSpan WatchTimeout(TimeSpan? requested) =>
        requested is { } asked && asked > TimeSpan.Zero ? asked : TimeSpan.FromSeconds(MinRequestTimeoutSeconds * (1 + Random.Shared.NextDouble()));

    private const double MinRequestTimeoutSeconds = 1800;
}
