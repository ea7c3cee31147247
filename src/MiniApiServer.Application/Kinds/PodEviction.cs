using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Policy;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// pods/eviction (pkg/registry/core/pod/storage/eviction.go EvictionREST): a delete that asks the pod's
/// PodDisruptionBudget first. Pending, terminal and already deleting pods go at once; otherwise the one matching
/// budget must allow a disruption, which is taken from it (a status write pinned to the budget's resourceVersion, so
/// two evictions cannot spend the same disruption) and recorded in disruptedPods before the pod is deleted.
/// </summary>
public sealed class PodEviction : ISubresourceHandler
{
    public const string BudgetViolated = "Cannot evict pod as it would violate the pod's disruption budget.";
    public const string MultipleBudgets = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

    /// <summary>MaxDisruptedPodSize: evictions the controller has not yet confirmed, beyond which the budget refuses more.</summary>
    public const int MaxDisruptedPods = 2000;

    /// <summary>EvictionsRetry's 20 steps: conflicting writers on the same pod or budget.</summary>
    private const int Retries = 20;

    /// <summary>
    /// EvictionsRetry's 500 ms step with 10% jitter: a loser retried at once can read the budget before the winner's
    /// write is visible and burn every step in a few microseconds (10 concurrent drains saw 409s that way).
    /// </summary>
    private static Task BackoffAsync(TimeProvider time) =>
        Task.Delay(TimeSpan.FromMilliseconds(500 * (1 + (Random.Shared.NextDouble() * 0.1))), time);

    public async Task<ObjectResult> CreateAsync(ResourceService service, ResourceType type, string ns, string name, JsonObject body, WriteOptions options)
    {
        var eviction = Parse(body, name);
        var deleteOptions = DeleteOptionsOf(eviction, options);
        var rvUnset = deleteOptions.PreconditionResourceVersion is null;
        V1Pod pod;
        for (var attempt = 0; ; attempt++)
        {
            var current = await service.GetAsync(type, ns, name).ConfigureAwait(false);
            pod = ModelCodec.Decode<V1Pod>(current.Json);
            if (!CanIgnoreBudget(pod))
            {
                break;
            }
            // The caller's own resourceVersion may be older than what we read, and is honoured as given.
            var opts = ShouldEnforceResourceVersion(pod) && rvUnset
                ? deleteOptions with { PreconditionResourceVersion = current.ResourceVersion.ToString(CultureInfo.InvariantCulture) }
                : deleteOptions;
            try
            {
                await AddConditionAndDeleteAsync(service, type, ns, name, opts).ConfigureAwait(false);
                return ObjectResult.SuccessStatus(201);
            }
            catch (ApiException ex) when (ex.Code == 409 && rvUnset && attempt < Retries)
            {
                await BackoffAsync(service.Time).ConfigureAwait(false);
            }
        }

        var budgets = await MatchingBudgetsAsync(service, pod).ConfigureAwait(false);
        if (budgets.Count > 1)
        {
            throw new ApiException(500, "", MultipleBudgets);
        }
        var pinDelete = false;
        string? budgetName = null;
        if (budgets.Count == 1)
        {
            var pdb = budgets[0];
            budgetName = pdb.Metadata.Name;
            // A pod that is not ready does not count as healthy, so evicting it spends nothing, provided the
            // budget says unhealthy pods may go (AlwaysAllow) or it is met anyway (IfHealthyBudget, the default).
            pinDelete = !IsReady(pod) && (pdb.Spec.UnhealthyPodEvictionPolicy == Admission.PodDisruptionBudgetStrategy.AlwaysAllow
                || (pdb.Status.CurrentHealthy >= pdb.Status.DesiredHealthy && pdb.Status.DesiredHealthy > 0));
            if (!pinDelete)
            {
                await TakeDisruptionAsync(service, pdb, pod.Metadata.Name, deleteOptions.DryRun).ConfigureAwait(false);
            }
        }

        var finalOptions = pinDelete
            ? deleteOptions with { PreconditionResourceVersion = pod.Metadata.ResourceVersion }
            : deleteOptions;
        try
        {
            await AddConditionAndDeleteAsync(service, type, ns, name, finalOptions).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 409 && pinDelete && rvUnset)
        {
            // The unready pod changed (it may be ready now and count again): the client asks again.
            throw StillProcessing(budgetName!);
        }
        return ObjectResult.SuccessStatus(201);
    }

    private static JsonObject Parse(JsonObject body, string name)
    {
        var apiVersion = ObjectMeta.Str(body, "apiVersion");
        var kind = ObjectMeta.Str(body, "kind");
        // AcceptsGroupVersion: policy/v1 and policy/v1beta1 Evictions have the same fields.
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion is not ("policy/v1" or "policy/v1beta1"))
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (policy/v1)");
        }
        if (!string.IsNullOrEmpty(kind) && kind != "Eviction")
        {
            throw ApiErrors.BadRequest($"not a Eviction object: {kind}");
        }
        if (ObjectMeta.Str(ObjectMeta.Of(body), "name") != name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        }
        return body;
    }

    /// <summary>propagateDryRun: the query's dryRun and the body's must agree when both are given.</summary>
    private static DeleteOptions DeleteOptionsOf(JsonObject eviction, WriteOptions options)
    {
        var decoded = eviction["deleteOptions"] is JsonObject raw ? ModelCodec.Decode<V1DeleteOptions>(raw) : new V1DeleteOptions();
        var bodyDryRun = decoded.DryRun?.Contains("All") == true;
        if (decoded.DryRun is { Count: > 0 } && options.DryRun && !bodyDryRun)
        {
            throw ApiErrors.BadRequest($"Non-matching dry-run options in request and content: [{(options.DryRun ? "All" : "")}] and [{string.Join(" ", decoded.DryRun)}]");
        }
        var policy = decoded.PropagationPolicy ?? (decoded.OrphanDependents == true ? "Orphan" : null);
        // The delete is the eviction's own, under the eviction's admission (eviction.go deletes with rest.ValidateAllObjectFunc).
        return new DeleteOptions(decoded.GracePeriodSeconds, policy, decoded.Preconditions?.Uid, decoded.Preconditions?.ResourceVersion, options.DryRun || bodyDryRun)
        {
            BypassesWebhooks = true,
        };
    }

    /// <summary>canIgnorePDB: the pod already caused its disruption, or never ran.</summary>
    private static bool CanIgnoreBudget(V1Pod pod) =>
        pod.Status?.Phase is "Succeeded" or "Failed" or "Pending" || pod.Metadata.DeletionTimestamp is not null;

    /// <summary>Every pod that may still turn ready is deleted at the version that was judged, so it cannot race a budget.</summary>
    private static bool ShouldEnforceResourceVersion(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    private static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>getPodDisruptionBudgets: an empty or invalid selector matches no pod.</summary>
    private static async Task<List<V1PodDisruptionBudget>> MatchingBudgetsAsync(ResourceService service, V1Pod pod)
    {
        var labels = (pod.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly();
        var result = new List<V1PodDisruptionBudget>();
        foreach (var item in (await service.ListAsync(service.Registry.PodDisruptionBudgets, pod.Metadata.NamespaceProperty, ListOptions.All).ConfigureAwait(false)).Items)
        {
            var pdb = ModelCodec.Decode<V1PodDisruptionBudget>(item.Json);
            LabelSelector selector;
            try
            {
                selector = LabelSelector.FromModel(pdb.Spec?.Selector);
            }
            catch (FormatException)
            {
                continue;
            }
            if (!selector.IsEverything && selector.Matches(labels))
            {
                result.Add(pdb);
            }
        }
        return result;
    }

    /// <summary>
    /// checkAndDecrement under RetryOnConflict: the mutation sees the budget's current version and keeps its
    /// resourceVersion, so a concurrent eviction's write makes this one re-read and judge again.
    /// </summary>
    private static async Task TakeDisruptionAsync(ResourceService service, V1PodDisruptionBudget seen, string podName, bool dryRun)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await DecrementAsync(service, seen, podName, dryRun).ConfigureAwait(false);
                return;
            }
            catch (ApiException ex) when (ex.Code == 409 && ex.Reason == "Conflict" && attempt < Retries)
            {
                await BackoffAsync(service.Time).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One checkAndDecrement: judged on the budget's current version and written only at that version.</summary>
    private static async Task DecrementAsync(ResourceService service, V1PodDisruptionBudget seen, string podName, bool dryRun)
    {
        var type = service.Registry.PodDisruptionBudgets;
        var now = service.Time.GetUtcNow();
        await service.UpdateAsync(type, seen.Metadata.NamespaceProperty, seen.Metadata.Name, json =>
        {
            var pdb = ModelCodec.Decode<V1PodDisruptionBudget>(json);
            var status = pdb.Status ??= new V1PodDisruptionBudgetStatus();
            if (status.ObservedGeneration < pdb.Metadata.Generation)
            {
                throw StillProcessing(pdb.Metadata.Name);
            }
            if (status.DisruptionsAllowed < 0)
            {
                throw Forbidden(pdb.Metadata.Name, "pdb disruptions allowed is negative");
            }
            if (status.DisruptedPods?.Count > MaxDisruptedPods)
            {
                throw Forbidden(pdb.Metadata.Name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }
            if (status.DisruptionsAllowed == 0)
            {
                throw new ApiException(429, "TooManyRequests", BudgetViolated)
                {
                    Details = new StatusDetails(null, null, null,
                        [new StatusCause("DisruptionBudget", $"The disruption budget {pdb.Metadata.Name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently", "")]),
                };
            }
            status.DisruptionsAllowed--;
            if (status.DisruptionsAllowed == 0)
            {
                DisruptionAllowedCondition.Update(pdb, now);
            }
            // The controller must not count the pod as healthy while its deletion is on the way.
            status.DisruptedPods ??= new Dictionary<string, DateTime?>();
            status.DisruptedPods[podName] = now.UtcDateTime;
            return ModelCodec.Encode(pdb);
        }, statusOnly: true, new WriteOptions(DryRun: dryRun), exposeResourceVersion: true).ConfigureAwait(false);
    }

    /// <summary>
    /// addConditionAndDeletePod: the pod is marked DisruptionTarget (EvictionByEvictionAPI) so its owner can tell an
    /// eviction from a failure; a resourceVersion precondition pins the mark to that version and then moves to the
    /// marked one, and without one a race with the kubelet's status writes is retried.
    /// </summary>
    private static async Task AddConditionAndDeleteAsync(ResourceService service, ResourceType type, string ns, string name, DeleteOptions options)
    {
        if (!options.DryRun)
        {
            var marked = await service.UpdateAsync(type, ns, name, json =>
            {
                var meta = ObjectMeta.Of(json);
                if (options.PreconditionUid is { Length: > 0 } uid && ObjectMeta.Str(meta, "uid") != uid)
                {
                    // eviction.go's getLatestPod words it as rest.BeforeDelete does, on the kind.
                    throw ApiErrors.DeletePreconditionFailed(type, name, uid: true, uid, ObjectMeta.Str(meta, "uid") ?? "");
                }
                if (options.PreconditionResourceVersion is { Length: > 0 } rv && ObjectMeta.Str(meta, "resourceVersion") != rv)
                {
                    throw ApiErrors.DeletePreconditionFailed(type, name, uid: false, rv, ObjectMeta.Str(meta, "resourceVersion") ?? "");
                }
                MarkDisruptionTarget(json, service.Time.GetUtcNow());
                return json;
            }, statusOnly: true, WriteOptions.Default with { BypassesWebhooks = true }, exposeResourceVersion: options.PreconditionResourceVersion is not null).ConfigureAwait(false);
            if (options.PreconditionResourceVersion is not null)
            {
                options = options with { PreconditionResourceVersion = marked.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
            }
        }
        await service.DeleteAsync(type, ns, name, options).ConfigureAwait(false);
    }

    private static void MarkDisruptionTarget(JsonObject pod, DateTimeOffset now)
    {
        var condition = PodStatusCondition.FindOrAdd(pod, "DisruptionTarget");
        if (ObjectMeta.Str(condition, "status") != "True")
        {
            condition["lastTransitionTime"] = ObjectMeta.Timestamp(now);
        }
        condition["status"] = "True";
        condition["reason"] = "EvictionByEvictionAPI";
        condition["message"] = "Eviction API: evicting";
    }

    /// <summary>createTooManyRequestsError: the budget's status is behind its spec or a racing pod; ask again shortly.</summary>
    private static ApiException StillProcessing(string budget) =>
        new(429, "TooManyRequests", BudgetViolated)
        {
            Details = new StatusDetails(null, null, null,
                [new StatusCause("DisruptionBudget", $"The disruption budget {budget} is still being processed by the server.", "")], RetryAfterSeconds: 10),
        };

    private static ApiException Forbidden(string budget, string reason) =>
        new(403, "Forbidden", $"poddisruptionbudget.policy \"{budget}\" is forbidden: {reason}")
        {
            Details = new StatusDetails(budget, "policy", "poddisruptionbudget"),
        };
}
