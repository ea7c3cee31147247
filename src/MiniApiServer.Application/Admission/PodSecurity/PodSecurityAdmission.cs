using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// The PodSecurity admission plugin's decisions (k8s.io/pod-security-admission admission/admission.go), on by default
/// in kube-apiserver: pods are refused under the namespace's enforce level and warned about under its warn level;
/// workload resources (their pod templates) are only warned about; a namespace whose enforce level tightens is told
/// which of its pods would now be refused.
/// </summary>
public static class PodSecurityAdmission
{
    /// <summary>namespaceMaxPodsToCheck's default: more pods than this are not dry-run against a new enforce level.</summary>
    public const int MaxPodsToCheck = 3000;

    /// <summary>
    /// Pod subresources that cannot change a pod's spec (ignoredPodSubresources); any other, ephemeralcontainers
    /// included, is evaluated, so that an unknown one fails safe.
    /// </summary>
    public static bool IgnoresSubresource(string? subresource) =>
        subresource is "exec" or "attach" or "binding" or "eviction" or "log" or "portforward" or "proxy" or "status";

    /// <summary>
    /// EvaluatePod: the enforce level only for pods, audit always (for its metric), warn only when enforce allowed; a
    /// level and version evaluated once serves every mode that has it.
    /// </summary>
    public static PodSecurityVerdict EvaluatePod(PodSecurityEvaluator evaluator, PodSecurityPolicy policy, V1ObjectMeta? podMetadata, V1PodSpec podSpec, bool enforce)
    {
        AggregateCheckResult? enforced = enforce ? evaluator.Evaluate(policy.Enforce, podMetadata, podSpec) : null;
        var audited = enforced is not null && policy.Audit == policy.Enforce ? enforced : evaluator.Evaluate(policy.Audit, podMetadata, podSpec);
        var auditViolation = audited.IsAllowed ? null : $"would violate PodSecurity \"{policy.Audit}\": {audited.ForbiddenDetail}";
        if (enforced is { IsAllowed: false })
        {
            return new PodSecurityVerdict($"violates PodSecurity \"{policy.Enforce}\": {enforced.ForbiddenDetail}", null, false, auditViolation);
        }
        var warned = enforced is not null && policy.Warn == policy.Enforce ? enforced
            : policy.Warn == policy.Audit ? audited
            : evaluator.Evaluate(policy.Warn, podMetadata, podSpec);
        return new PodSecurityVerdict(null, warned.IsAllowed ? null : $"would violate PodSecurity \"{policy.Warn}\": {warned.ForbiddenDetail}",
            enforced is null ? null : true, auditViolation);
    }

    /// <summary>
    /// isSignificantPodUpdate: only what a pod update can change that a check reads (images, and ephemeral containers
    /// added or re-imaged) makes an update worth evaluating.
    /// </summary>
    public static bool IsSignificantPodUpdate(V1Pod pod, V1Pod old)
    {
        if (Count(pod.Spec?.Containers) != Count(old.Spec?.Containers) || Count(pod.Spec?.InitContainers) != Count(old.Spec?.InitContainers))
        {
            return true;
        }
        for (var i = 0; i < Count(pod.Spec?.Containers); i++)
        {
            if (pod.Spec!.Containers[i].Image != old.Spec!.Containers[i].Image)
            {
                return true;
            }
        }
        for (var i = 0; i < Count(pod.Spec?.InitContainers); i++)
        {
            if (pod.Spec!.InitContainers[i].Image != old.Spec!.InitContainers[i].Image)
            {
                return true;
            }
        }
        foreach (var c in pod.Spec?.EphemeralContainers ?? [])
        {
            var before = old.Spec?.EphemeralContainers?.FirstOrDefault(o => o.Name == c.Name);
            if (before is null || before.Image != c.Image)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>namespacePodCheckTimeout's default: a label update waits no longer than this for the dry run.</summary>
    public static readonly TimeSpan PodCheckTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// EvaluatePodsInNamespace: the existing pods against a new enforce level, one pod per controller first
    /// (prioritizePods), at most <see cref="MaxPodsToCheck"/> and until <paramref name="timedOut"/> says the time is up;
    /// pods failing for the same reasons share one warning that names the lexically first of them.
    /// </summary>
    public static List<string> EvaluatePodsInNamespace(PodSecurityEvaluator evaluator, string ns, LevelVersion enforce, IReadOnlyList<V1Pod> pods,
        Func<bool>? timedOut = null)
    {
        var prioritized = Prioritize(pods);
        var total = prioritized.Count;
        var checkedPods = Math.Min(total, MaxPodsToCheck);
        var byReason = new Dictionary<string, (string Pod, int Count)>(StringComparer.Ordinal);
        var reasons = new List<string>();
        for (var i = 0; i < checkedPods; i++)
        {
            var pod = prioritized[i];
            var result = evaluator.Evaluate(enforce, pod.Metadata, pod.Spec ?? new V1PodSpec());
            if (!result.IsAllowed)
            {
                var reason = result.ForbiddenReason;
                var name = pod.Metadata?.Name ?? "";
                if (!byReason.TryGetValue(reason, out var seen))
                {
                    reasons.Add(reason);
                    byReason[reason] = (name, 1);
                }
                else
                {
                    byReason[reason] = (string.CompareOrdinal(name, seen.Pod) < 0 ? name : seen.Pod, seen.Count + 1);
                }
            }
            // Checked after each pod, as upstream checks its context's deadline: the pod just evaluated counts.
            if (timedOut?.Invoke() == true)
            {
                checkedPods = i + 1;
                break;
            }
        }
        var warnings = new List<string>();
        if (checkedPods < total)
        {
            warnings.Add($"new PodSecurity enforce level only checked against the first {checkedPods} of {total} existing pods");
        }
        if (reasons.Count > 0)
        {
            warnings.Add($"existing pods in namespace \"{ns}\" violate the new PodSecurity enforce level \"{enforce}\"");
        }
        var podWarnings = reasons.Select(reason => byReason[reason] switch
        {
            (var pod, 1) => $"{pod}: {reason}",
            (var pod, 2) => $"{pod} (and 1 other pod): {reason}",
            var (pod, count) => $"{pod} (and {count - 1} other pods): {reason}",
        }).Order(StringComparer.Ordinal);
        warnings.AddRange(podWarnings);
        return warnings;
    }

    /// <summary>
    /// ValidateNamespace on an update: whether the enforce level tightened, so that the existing pods are checked (not
    /// when unchanged, privileged, or relaxed at the same version).
    /// </summary>
    public static bool ChecksExistingPods(PodSecurityPolicy updated, PodSecurityPolicy old) =>
        updated.Enforce != old.Enforce
        && updated.Enforce.Level != PodSecurityLevel.Privileged
        && !(updated.Enforce.Version == old.Enforce.Version && updated.Enforce.Level <= old.Enforce.Level);

    private static int Count<T>(IList<T>? list) => list?.Count ?? 0;

    private static List<V1Pod> Prioritize(IReadOnlyList<V1Pod> pods)
    {
        var first = new List<V1Pod>();
        var repeats = new List<V1Pod>();
        var controllers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var controller = pod.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (controller is null || controllers.Add(controller.Uid ?? ""))
            {
                first.Add(pod);
            }
            else
            {
                repeats.Add(pod);
            }
        }
        return [.. first, .. repeats];
    }
}
