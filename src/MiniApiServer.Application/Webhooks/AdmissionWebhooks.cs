using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Patching;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Webhooks;

/// <summary>
/// The MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins (apiserver admission/plugin/webhook): the
/// webhooks of every stored configuration, configurations in name order and webhooks in list order, called for the
/// writes their rules and selectors match. Mutating webhooks run one after another, each seeing the last one's patch;
/// validating webhooks run together and the first refusal wins. Configurations are read from this replica's cache,
/// as upstream reads them from an informer.
/// </summary>
public sealed class AdmissionWebhooks : IDisposable
{
    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly ILogger<AdmissionWebhooks> _logger;
    private readonly WebhookClient _client;
    private volatile WebhookSet _mutating = WebhookSet.Empty;
    private volatile WebhookSet _validating = WebhookSet.Empty;

    public AdmissionWebhooks(ObjectStore store, ResourceRegistry registry, ILogger<AdmissionWebhooks> logger)
    {
        _store = store;
        _registry = registry;
        _logger = logger;
        _client = new WebhookClient(ResolveService);
        Policies = new Policies.ValidatingAdmissionPolicies(store, registry, logger);
        store.Cache.TrackChanges(MutatingKey);
        store.Cache.TrackChanges(ValidatingKey);
    }

    /// <summary>The ValidatingAdmissionPolicy plugin, which runs in the validating phase just before the webhooks.</summary>
    public Policies.ValidatingAdmissionPolicies Policies { get; }

    /// <summary>The server's authorizer, as matchConditions' and policies' `authorizer` variable asks it.</summary>
    public Func<AdmissionUser, Cel.CelAccessCheck, Cel.CelDecision>? Authorize
    {
        get => Policies.Authorize;
        set => Policies.Authorize = value;
    }

    /// <summary>Counts each webhook failure that refused a write or was ignored: (webhook, mutating, failedOpen).</summary>
    public Action<string, bool, bool>? CallFailed { get; set; }

    private const string MutatingKey = "mutatingwebhookconfigurations.admissionregistration.k8s.io";
    private const string ValidatingKey = "validatingwebhookconfigurations.admissionregistration.k8s.io";

    /// <summary>
    /// Whether some webhook's rules name this operation on <paramref name="type"/> (<paramref name="subresource"/>: its
    /// status, say): without a configuration, two lock-free reads. Other writes keep every fast path.
    /// </summary>
    public bool Intercepts(ResourceType type, string operation, string? subresource = null) =>
        !WebhookMatching.IsExempt(type.Group, type.Kind)
        && (Webhooks(mutating: true).Names(type, operation, subresource ?? "") || Webhooks(mutating: false).Names(type, operation, subresource ?? "")
            || Policies.Intercepts(type, operation, subresource));

    /// <summary>
    /// Calls the matching mutating webhooks on <see cref="AdmissionAttributes.Object"/> and returns the object as the
    /// last patch left it (defaulting is the caller's to run again), or the same object when none changed it.
    /// </summary>
    public async Task<JsonObject?> MutateAsync(AdmissionAttributes attrs, List<string> warnings, CancellationToken cancel = default)
    {
        var hooks = Matching(Webhooks(mutating: true), attrs);
        if (hooks.Count == 0)
        {
            return attrs.Object;
        }
        var current = attrs;
        var changedBy = new List<AdmissionWebhook>();
        var invoked = new List<AdmissionWebhook>();
        foreach (var hook in hooks)
        {
            // ShouldCallHook runs for each webhook in turn, on the object as the webhooks before it left it: a patch can
            // take a later webhook's object selector or conditions in or out.
            JsonObject? request = null;
            if (!ObjectMatches(hook, current, ref request))
            {
                continue;
            }
            var before = current.Object;
            current = current with { Object = await CallMutatingAsync(hook, current, warnings, cancel).ConfigureAwait(false) };
            invoked.Add(hook);
            if (!JsonNode.DeepEquals(before, current.Object))
            {
                changedBy.Add(hook);
            }
        }
        // One more round for IfNeeded webhooks called before a later patch changed the object (reinvocationcontext.go).
        if (changedBy.Count > 0)
        {
            var lastChange = invoked.LastIndexOf(changedBy[^1]);
            foreach (var hook in invoked.Take(lastChange).Where(h => h.ReinvocationPolicy == "IfNeeded"))
            {
                JsonObject? request = null;
                if (ObjectMatches(hook, current, ref request))
                {
                    current = current with { Object = await CallMutatingAsync(hook, current, warnings, cancel).ConfigureAwait(false) };
                }
            }
        }
        return current.Object;
    }

    /// <summary>
    /// The ValidatingAdmissionPolicies, then the matching validating webhooks on the admitted object (admission's plugin
    /// order); throws the refusal that comes first.
    /// </summary>
    public async Task ValidateAsync(AdmissionAttributes attrs, List<string> warnings, CancellationToken cancel = default)
    {
        Policies.Validate(attrs, warnings);
        JsonObject? request = null;
        var hooks = Matching(Webhooks(mutating: false), attrs).Where(hook => ObjectMatches(hook, attrs, ref request)).ToList();
        if (hooks.Count == 0)
        {
            return;
        }
        var calls = hooks.Select(hook => CallValidatingAsync(hook, attrs, cancel)).ToArray();
        var results = await Task.WhenAll(calls).ConfigureAwait(false);
        ApiException? refusal = null;
        foreach (var (hookWarnings, error) in results)
        {
            AddWarnings(warnings, hookWarnings);
            refusal ??= error;
        }
        if (refusal is not null)
        {
            throw refusal;
        }
    }

    private async Task<(IReadOnlyList<string> Warnings, ApiException? Error)> CallValidatingAsync(AdmissionWebhook hook, AdmissionAttributes attrs, CancellationToken cancel)
    {
        try
        {
            var response = await CallAsync(hook, attrs, cancel).ConfigureAwait(false);
            return (response?.Warnings ?? [], response is null || response.Allowed ? null : Denied(hook, response.Result));
        }
        catch (ApiException ex)
        {
            return ([], ex);
        }
    }

    private async Task<JsonObject?> CallMutatingAsync(AdmissionWebhook hook, AdmissionAttributes attrs, List<string> warnings, CancellationToken cancel)
    {
        var response = await CallAsync(hook, attrs, cancel).ConfigureAwait(false);
        if (response is null)
        {
            return attrs.Object;
        }
        AddWarnings(warnings, response.Warnings);
        if (!response.Allowed)
        {
            throw Denied(hook, response.Result);
        }
        if (response.Patch is not { } patch)
        {
            return attrs.Object;
        }
        JsonArray operations;
        try
        {
            operations = JsonNode.Parse(patch) as JsonArray ?? throw new System.Text.Json.JsonException("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            throw Internal(ex.Message);
        }
        if (operations.Count == 0)
        {
            return attrs.Object;
        }
        if (attrs.Object is null)
        {
            throw Internal($"admission webhook \"{hook.Name}\" attempted to modify the object, which is not supported for this operation");
        }
        try
        {
            var patched = JsonPatch.Apply(attrs.Object, operations) as JsonObject ?? throw Internal("the patched object is not an object");
            return attrs.Default is { } defaults ? defaults(patched) : patched;
        }
        catch (Exception ex) when (ex is PatchException or InvalidOperationException or ArgumentException)
        {
            throw Internal(ex.Message);
        }
    }

    /// <summary>
    /// One call: the dry-run check, the review, its verification. A failure to call is returned as null under
    /// failurePolicy Ignore (logged and counted) and raised as upstream's 500 under Fail.
    /// </summary>
    private async Task<AdmissionResponse?> CallAsync(AdmissionWebhook hook, AdmissionAttributes attrs, CancellationToken cancel)
    {
        if (attrs.DryRun && hook.SideEffects is not ("None" or "NoneOnDryRun"))
        {
            throw ApiErrors.BadRequest($"admission webhook \"{hook.Name}\" does not support dry run");
        }
        try
        {
            var version = AdmissionReviews.VersionFor(hook)
                ?? throw new WebhookCallException(hook.Name, "could not create admission objects: webhook does not accept known AdmissionReview versions (v1, v1beta1)");
            var uid = Guid.NewGuid().ToString();
            var answer = await _client.PostAsync(hook, AdmissionReviews.Request(uid, version, attrs), cancel).ConfigureAwait(false);
            try
            {
                return AdmissionReviews.Verify(uid, version, hook.Mutating, answer);
            }
            catch (Exception ex) when (ex is FormatException or NotSupportedException or InvalidOperationException)
            {
                var reason = ex is NotSupportedException ? ex.Message : "received invalid webhook response: " + ex.Message;
                throw new WebhookCallException(hook.Name, reason);
            }
        }
        catch (WebhookCallException ex)
        {
            CallFailed?.Invoke(hook.Name, hook.Mutating, hook.IgnoresFailures);
            if (hook.IgnoresFailures)
            {
                _logger.LogWarning("Failed calling webhook, failing open {Webhook}: {Error}", hook.Name, ex.Message);
                return null;
            }
            _logger.LogError("Failed calling webhook, failing closed {Webhook}: {Error}", hook.Name, ex.Message);
            throw Internal(ex.Message);
        }
    }

    /// <summary>The request's warning recorder keeps one of identical messages (a retried update, a reinvoked webhook).</summary>
    private static void AddWarnings(List<string> warnings, IEnumerable<string> added)
    {
        foreach (var warning in added)
        {
            if (!warnings.Contains(warning))
            {
                warnings.Add(warning);
            }
        }
    }

    /// <summary>apierrors.NewInternalError: a 500 whose one cause is the error's text.</summary>
    private static ApiException Internal(string error) =>
        new(500, "InternalError", "Internal error occurred: " + error) { Details = new StatusDetails(null, null, null, [new StatusCause("", error, "")]) };

    /// <summary>errors/statuserror.go ToStatusErr: the webhook's own status, at least a 400, its message prefixed.</summary>
    private static ApiException Denied(AdmissionWebhook hook, JsonObject? status)
    {
        var deniedBy = $"admission webhook \"{hook.Name}\" denied the request";
        var code = status?["code"] is JsonValue c && c.TryGetValue<int>(out var ci) ? ci : 0;
        var message = status?["message"]?.ToString() ?? "";
        var reason = status?["reason"]?.ToString() ?? "";
        var text = message.Length > 0 ? $"{deniedBy}: {message}" : reason.Length > 0 ? $"{deniedBy}: {reason}" : $"{deniedBy} without explanation";
        StatusDetails? details = null;
        if (status?["details"] is JsonObject d)
        {
            var causes = (d["causes"] as JsonArray)?.OfType<JsonObject>()
                .Select(x => new StatusCause(x["reason"]?.ToString() ?? "", x["message"]?.ToString() ?? "", x["field"]?.ToString() ?? "")).ToList();
            details = new StatusDetails(d["name"]?.ToString(), d["group"]?.ToString(), d["kind"]?.ToString(), causes);
        }
        return new ApiException(Math.Max(code, 400), reason, text) { Details = details };
    }

    /// <summary>The webhooks whose rules and namespace selector match: what the object does not change.</summary>
    private List<AdmissionWebhook> Matching(WebhookSet set, AdmissionAttributes attrs)
    {
        var matching = new List<AdmissionWebhook>();
        IReadOnlyDictionary<string, string>? namespaceLabels = null;
        foreach (var hook in set.Webhooks)
        {
            if (!WebhookMatching.RulesMatch(hook, attrs))
            {
                continue;
            }
            if (hook.NamespaceSelector is { } ns && ((ns.MatchLabels?.Count ?? 0) > 0 || (ns.MatchExpressions?.Count ?? 0) > 0))
            {
                namespaceLabels ??= NamespaceLabels(attrs.Namespace);
            }
            if (WebhookMatching.NamespaceSelectorMatches(hook, attrs, namespaceLabels))
            {
                matching.Add(hook);
            }
        }
        return matching;
    }

    /// <summary>The object selector, then the match conditions, on the object as it is now.</summary>
    private bool ObjectMatches(AdmissionWebhook hook, AdmissionAttributes attrs, ref JsonObject? request) =>
        WebhookMatching.ObjectSelectorMatches(hook, attrs) && ConditionsMatch(hook, attrs, ref request);

    /// <summary>
    /// matchconditions/matcher.go: any condition false skips the webhook; otherwise an evaluation error skips it under
    /// Ignore and refuses the write under Fail, with generic/webhook.go's 403 (ShouldCallHook fails closed there).
    /// </summary>
    private bool ConditionsMatch(AdmissionWebhook hook, AdmissionAttributes attrs, ref JsonObject? request)
    {
        var conditions = hook.MatchConditions;
        if (conditions.Count == 0)
        {
            return true;
        }
        request ??= AdmissionReviews.Request("", "v1", attrs)["request"]!.AsObject();
        var authorizer = Cel.CelAuthorizer.For(attrs, Authorize);
        var errors = new List<string>();
        foreach (var condition in conditions)
        {
            try
            {
                if (!condition.Evaluate(request, authorizer))
                {
                    return false;
                }
            }
            catch (Cel.CelException ex)
            {
                errors.Add(ex.Message);
            }
        }
        if (errors.Count == 0)
        {
            return true;
        }
        if (hook.IgnoresFailures)
        {
            return false;
        }
        // utilerrors.NewAggregate: one error as it is, several in brackets.
        var error = errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";
        var resource = attrs.Type.GroupResource;
        throw new ApiException(403, "Forbidden", attrs.Name.Length == 0 ? $"{resource} is forbidden: {error}" : $"{resource} \"{attrs.Name}\" is forbidden: {error}")
        {
            Details = new StatusDetails(attrs.Name.Length == 0 ? null : attrs.Name, attrs.Type.Group, attrs.Type.Plural),
        };
    }

    private IReadOnlyDictionary<string, string> NamespaceLabels(string ns)
    {
        var stored = _store.Cache.Get(_registry.Namespaces.StorageKey, "", ns);
        return stored is null ? new Dictionary<string, string>() : WebhookMatching.LabelsOf(ResourceService.Parse(stored));
    }

    /// <summary>The configurations' webhooks, rebuilt only when the stored configurations changed.</summary>
    private WebhookSet Webhooks(bool mutating)
    {
        var key = mutating ? MutatingKey : ValidatingKey;
        // Read before listing: a change after this read is seen by the next call, never hidden under this stamp.
        var changes = _store.Cache.ChangesOf(key);
        var set = mutating ? _mutating : _validating;
        if (set.Changes == changes)
        {
            return set;
        }
        var stored = _store.Cache.List(key, null).Items;
        // The cache lists by key, and a cluster-scoped key is the name: configurations come in name order, as upstream sorts them.
        var hooks = mutating
            ? stored.SelectMany(s => AdmissionWebhook.Of(ModelCodec.DecodeShared<V1MutatingWebhookConfiguration>(s))).ToList()
            : stored.SelectMany(s => AdmissionWebhook.Of(ModelCodec.DecodeShared<V1ValidatingWebhookConfiguration>(s))).ToList();
        foreach (var (hook, condition) in hooks.SelectMany(h => h.MatchConditions.Where(c => c.CompileError is not null).Select(c => (h, c))))
        {
            _logger.LogError("Webhook {Webhook}: matchCondition {Condition} does not compile ({Error}); each write its rules and selectors match fails under its failurePolicy",
                hook.Name, condition.Name, condition.CompileError);
        }
        set = new WebhookSet(changes, hooks);
        if (mutating)
        {
            _mutating = set;
        }
        else
        {
            _validating = set;
        }
        return set;
    }

    /// <summary>
    /// The endpoint a service reference's connection goes to: a ready address of the Service's EndpointSlices, at the
    /// port the Service's port targets (proxy.ResolveEndpoint, which the aggregator's endpoint routing uses).
    /// </summary>
    private WebhookEndpoint ResolveService(string ns, string name, int port)
    {
        var service = _store.Cache.Get(_registry.Services.StorageKey, ns, name)
            ?? throw new WebhookDialException($"service \"{name}\" not found");
        var spec = ResourceService.Parse(service)["spec"] as JsonObject;
        var servicePort = (spec?["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => p["port"]?.GetValue<int>() == port)
            ?? throw new WebhookDialException($"no service port {port} found for service \"{name}\"");
        var portName = servicePort["name"]?.ToString() ?? "";
        var slices = _store.Cache.List(_registry.EndpointSlices.StorageKey, ns).Items.Select(ResourceService.Parse)
            .Where(s => s["metadata"]?["labels"]?["kubernetes.io/service-name"]?.ToString() == name);
        foreach (var slice in slices)
        {
            var slicePort = (slice["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => (p["name"]?.ToString() ?? "") == portName);
            var address = (slice["endpoints"] as JsonArray)?.OfType<JsonObject>()
                .Where(e => e["conditions"]?["ready"] is not JsonValue r || r.GetValue<bool>())
                .SelectMany(e => (e["addresses"] as JsonArray)?.Select(a => a?.ToString()) ?? [])
                .FirstOrDefault(a => !string.IsNullOrEmpty(a));
            if (slicePort?["port"] is JsonValue target && address is not null)
            {
                return new WebhookEndpoint(address, target.GetValue<int>());
            }
        }
        throw new WebhookDialException($"no endpoints available for service \"{name}\"");
    }

    public void Dispose() => _client.Dispose();

    private sealed class WebhookSet(long changes, IReadOnlyList<AdmissionWebhook> webhooks)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<NameKey, bool> _names = new();

        public static readonly WebhookSet Empty = new(0, []);

        public long Changes { get; } = changes;

        public IReadOnlyList<AdmissionWebhook> Webhooks { get; } = webhooks;

        /// <summary>Whether any rule names the operation on the resource or subresource, whatever the namespace and the object.</summary>
        public bool Names(ResourceType type, string operation, string subresource) =>
            Webhooks.Count > 0 && _names.GetOrAdd(new NameKey(type, operation, subresource), key =>
                Webhooks.Any(h => h.Rules.Any(r => WebhookMatching.RuleNames(r, key.Operation, key.Type.Group, key.Type.Version, key.Type.Plural, key.Subresource))));

        // A registry's types are one object each: compared by reference, not by the record's every field, on every write.
        private readonly record struct NameKey(ResourceType Type, string Operation, string Subresource)
        {
            public bool Equals(NameKey other) => ReferenceEquals(Type, other.Type) && Operation == other.Operation && Subresource == other.Subresource;

            public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Type), Operation, Subresource);
        }
    }
}
