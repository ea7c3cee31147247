using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Errors;

/// <summary>Status errors with kube-apiserver's reasons and message formats (apimachinery pkg/api/errors/errors.go).</summary>
public static class ApiErrors
{
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found")
        {
            Details = new StatusDetails(name, type.Group, type.Plural),
        };

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists")
        {
            Details = new StatusDetails(name, type.Group, type.Plural),
        };

    public static ApiException Conflict(ResourceType type, string name, string detail =
        "the object has been modified; please apply your changes to the latest version and try again") =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": {detail}")
        {
            Details = new StatusDetails(name, type.Group, type.Plural),
        };

    /// <summary>Preconditions.Check's wording for a uid; the namespace registry's own delete check says just this.</summary>
    public static ApiException UidPreconditionFailed(ResourceType type, string name, string? wanted, string? actual) =>
        Conflict(type, name, UidPrecondition(wanted, actual));

    /// <summary>Preconditions.Check's wording for a resourceVersion; the namespace registry's own delete check says just this.</summary>
    public static ApiException ResourceVersionPreconditionFailed(ResourceType type, string name, string? wanted, string? actual) =>
        Conflict(type, name, ResourceVersionPrecondition(wanted, actual));

    public static string UidPrecondition(string? wanted, string? actual) => $"Precondition failed: UID in precondition: {wanted}, UID in object meta: {actual}";

    public static string ResourceVersionPrecondition(string? wanted, string? actual) =>
        $"Precondition failed: ResourceVersion in precondition: {wanted}, ResourceVersion in object meta: {actual}";

    /// <summary>
    /// A precondition that etcd3's GuaranteedUpdate refused (an update body's uid, a Binding's uid and resourceVersion):
    /// InterpretUpdateError makes the StorageError a 409 and keeps its text whole, key included.
    /// </summary>
    public static ApiException StoragePreconditionFailed(ResourceType type, string ns, string name, string detail) =>
        Conflict(type, name, $"StorageError: invalid object, Code: 4, Key: {EtcdKey(type, ns, name)}, ResourceVersion: 0, AdditionalErrorMsg: {detail}");

    /// <summary>
    /// rest.BeforeDelete's early check of a DELETE's (or an eviction's) preconditions: a conflict on the kind, not the
    /// resource (schema.GroupResource{Group, Resource: Kind}).
    /// </summary>
    public static ApiException DeletePreconditionFailed(ResourceType type, string name, bool uid, string wanted, string actual) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {(type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}")} \"{name}\": " + (uid
            ? $"the UID in the precondition ({wanted}) does not match the UID in record ({actual}). The object might have been deleted and then recreated"
            : $"the ResourceVersion in the precondition ({wanted}) does not match the ResourceVersion in record ({actual}). The object might have been modified"))
        {
            Details = new StatusDetails(name, type.Group, type.Kind),
        };

    // The key kube-apiserver's storage gives an object: /registry/<prefix>/[<namespace>/]<name>. The prefix is the
    // resource, but for the legacy names its storage factory keeps, and group/resource for a custom resource.
    private static string EtcdKey(ResourceType type, string ns, string name)
    {
        var prefix = type.ModelType.Namespace == typeof(k8s.Models.V1Pod).Namespace
            ? (type.Group, type.Plural) switch
            {
                ("", "nodes") => "minions",
                ("", "services") => "services/specs",
                ("", "endpoints") => "services/endpoints",
                ("", "replicationcontrollers") => "controllers",
                ("networking.k8s.io", "ingresses") => "ingress",
                _ => type.Plural,
            }
            : $"{type.Group}/{type.Plural}";
        return ns.Length == 0 ? $"/registry/{prefix}/{name}" : $"/registry/{prefix}/{ns}/{name}";
    }

    /// <summary>
    /// A subresource's own refusal, which the registry wraps as a conflict on the subresource (BindingREST.assignPod:
    /// errors.NewConflict(api.Resource("pods/binding"), ...)): the message and details.kind name "pods/binding".
    /// </summary>
    public static ApiException SubresourceConflict(ResourceType type, string subresource, string name, string detail) =>
        // schema.GroupResource{Group, Resource: "pods/binding"}.String(): the group follows the subresource.
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.Plural}/{subresource}{(type.Group.Length == 0 ? "" : "." + type.Group)} \"{name}\": {detail}")
        {
            Details = new StatusDetails(name, type.Group, $"{type.Plural}/{subresource}"),
        };

    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<StatusCause> causes) =>
        Invalid(type.Group, type.Kind, name, causes);

    /// <summary>Invalid options of a subresource (PodLogOptions), which have a kind but no resource of their own.</summary>
    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<StatusCause> causes)
    {
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        // errs.ToAggregate() prints a repeated error once; the causes keep every one (a strategy that validates the
        // spec twice on update, as networkpolicy's does, lists its errors twice there).
        var summary = Aggregate(causes.Select(c => c.Field.Length > 0 ? $"{c.Field}: {c.Message}" : c.Message));
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {summary}")
        {
            Details = new StatusDetails(name, group, kind, causes),
        };
    }

    /// <summary>utilerrors.NewAggregate's message: one error as it is, more in brackets, each distinct message once.</summary>
    public static string Aggregate(IEnumerable<string> errors)
    {
        var parts = errors.Distinct(StringComparer.Ordinal).ToList();
        return parts.Count == 1 ? parts[0] : "[" + string.Join(", ", parts) + "]";
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>
    /// handlers/patch.go: a patch whose result does not decode is a 422 with neither kind nor name. A merge or JSON patch
    /// (jsonPatcher) names the patched object whole as the bad value of the field "patch", with the serializer's error; a
    /// strategic merge patch (applyPatchToObject) names the patch in %+v, with the unstructured converter's error.
    /// </summary>
    public static ApiException PatchInvalid(string badValue, string error)
    {
        var cause = new StatusCause("FieldValueInvalid", $"Invalid value: {GoSyntax.Quote(badValue)}: {error}", "patch");
        return new ApiException(422, "Invalid", $" \"\" is invalid: patch: {cause.Message}") { Details = new StatusDetails(null, "", null, [cause]) };
    }

    public static ApiException MethodNotAllowed(string message = "the server does not allow this method on the requested resource") =>
        new(405, "MethodNotAllowed", message);

    /// <summary>
    /// A create or update body in a media type no serializer reads (negotiation's NegotiateInputSerializerForMediaType).
    /// The type is not named, as upstream names it not.
    /// </summary>
    public static ApiException UnsupportedMediaType() =>
        new(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");

    /// <summary>A PATCH whose Content-Type is no patch type: go-restful refuses it before the handler (the route's Consumes).</summary>
    public static ApiException UnsupportedPatchType() => new(415, "UnsupportedMediaType", "415: Unsupported Media Type");

    public static ApiException Forbidden(string message) => new(403, "Forbidden", message);


    /// <summary>
    /// The NamespaceLifecycle plugin's refusal of a create in a terminating namespace: admission.NewForbidden names the
    /// resource and the object (its generateName before a name is generated, else "Unknown"), with a NamespaceTerminating cause.
    /// </summary>
    public static ApiException NamespaceTerminating(ResourceType type, string ns, string? name)
    {
        name = string.IsNullOrEmpty(name) ? "Unknown" : name;
        var resource = type.Group.Length == 0 ? type.Plural : $"{type.Plural}.{type.Group}";
        return new ApiException(403, "Forbidden", $"{resource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated")
        {
            Details = new StatusDetails(name, type.Group, type.Plural, [new StatusCause("NamespaceTerminating", $"namespace {ns} is being terminated", "metadata.namespace")]),
        };
    }

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException TooLarge(string message = "Request entity too large: limit is 3145728") =>
        new(413, "RequestEntityTooLarge", message);

    public static ApiException PathNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException ServiceUnavailable(string message) => new(503, "ServiceUnavailable", message);

    /// <summary>storage.NewTooLargeResourceVersionError: a read at a revision the cache has not reached in time, retried after a second.</summary>
    public static ApiException TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}")
        {
            Details = new StatusDetails(null, null, null, [new StatusCause("ResourceVersionTooLarge", "Too large resource version", "")], RetryAfterSeconds: 1),
        };
}
