using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.DaemonSets;

namespace MiniApiServer.Controllers.Deployments;

/// <summary>The pure helpers of pkg/controller/deployment/util/deployment_util.go.</summary>
public static class DeploymentUtil
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string RollbackToAnnotation = "deprecated.deployment.rollback.to";
    public const string PodTemplateHashLabel = "pod-template-hash";

    /// <summary>Annotations a Deployment does not pass on to its ReplicaSets (annotationsToSkip).</summary>
    private static readonly HashSet<string> AnnotationsToSkip =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation, RevisionHistoryAnnotation, DesiredReplicasAnnotation, MaxReplicasAnnotation, RollbackToAnnotation,
    ];

    public static int Replicas(V1Deployment d) => d.Spec.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet? rs) => rs?.Spec?.Replicas ?? 0;

    public static bool IsRolling(V1Deployment d) => d.Spec.Strategy?.Type != "Recreate";

    public static long Revision(V1ObjectMeta meta) =>
        meta.Annotations?.TryGetValue(RevisionAnnotation, out var v) == true
        && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;

    public static long MaxRevision(IEnumerable<V1ReplicaSet> all) => all.Select(rs => Revision(rs.Metadata)).DefaultIfEmpty(0).Max();

    /// <summary>ResolveFenceposts: surge rounds up, unavailability down, and both zero means one unavailable.</summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(V1Deployment d)
    {
        var ru = d.Spec.Strategy?.RollingUpdate;
        var desired = Replicas(d);
        var surge = IntOrPercent.Scaled(ru?.MaxSurge, desired, roundUp: true);
        var unavailable = IntOrPercent.Scaled(ru?.MaxUnavailable, desired, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    public static int MaxSurge(V1Deployment d) => IsRolling(d) ? ResolveFenceposts(d).Surge : 0;

    public static int MaxUnavailable(V1Deployment d)
    {
        if (!IsRolling(d) || Replicas(d) == 0)
        {
            return 0;
        }
        return Math.Min(ResolveFenceposts(d).Unavailable, Replicas(d));
    }

    /// <summary>NewRSNewReplicas: how far the new ReplicaSet may grow now.</summary>
    public static int NewRSNewReplicas(V1Deployment d, IEnumerable<V1ReplicaSet> all, V1ReplicaSet? newRs)
    {
        if (!IsRolling(d))
        {
            return Replicas(d);
        }
        // Upstream sums spec.replicas only, so a ReplicaSet just scaled down still has its surplus pods while the
        // new one already grows: a user watching pods sees more than replicas + maxSurge until the deletions land.
        // Counting what a ReplicaSet still reports keeps the bound on pods, at the cost of one status round trip.
        var current = all.Sum(rs => Math.Max(Replicas(rs), rs.Status?.Replicas ?? 0));
        var maxTotal = Replicas(d) + MaxSurge(d);
        if (current >= maxTotal)
        {
            return Replicas(newRs);
        }
        return Replicas(newRs) + Math.Min(maxTotal - current, Replicas(d) - Replicas(newRs));
    }

    /// <summary>EqualIgnoreHash: the templates are the same apart from the pod-template-hash label.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec a, V1PodTemplateSpec b) => TemplateKey(a) == TemplateKey(b);

    /// <summary>
    /// The canonical JSON of a template without its pod-template-hash label, which the hash is computed over, compared
    /// as upstream's Semantic.DeepEqual compares (empty and absent alike): kubectl rollout undo sends the old
    /// ReplicaSet's template back with <c>"resources":{}</c> in each container, and must find that ReplicaSet again.
    /// </summary>
    public static string TemplateKey(V1PodTemplateSpec template)
    {
        var node = JsonSerializer.SerializeToNode(template, ModelCodec.Options)!.AsObject();
        if (node["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(PodTemplateHashLabel);
            if (labels.Count == 0)
            {
                node["metadata"]!.AsObject().Remove("labels");
            }
        }
        return Semantic.Canonical(node);
    }

    public static string ComputeHash(V1PodTemplateSpec template, int? collisionCount) => RevisionHash.Compute(TemplateKey(template), collisionCount);

    /// <summary>FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's.</summary>
    public static V1ReplicaSet? FindNewReplicaSet(V1Deployment d, IEnumerable<V1ReplicaSet> all)
    {
        var key = TemplateKey(d.Spec.Template);
        return all.OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault(rs => TemplateKey(rs.Spec.Template) == key);
    }

    /// <summary>FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active.</summary>
    public static V1ReplicaSet? FindActiveOrLatest(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss)
    {
        if (newRs is null && oldRss.Count == 0)
        {
            return null;
        }
        var all = oldRss.Append(newRs).OfType<V1ReplicaSet>().OrderByDescending(rs => rs.Metadata.CreationTimestamp).ToList();
        var active = all.Where(rs => Replicas(rs) > 0).ToList();
        return active.Count switch
        {
            0 => newRs ?? all[0],
            1 => active[0],
            _ => null,
        };
    }

    /// <summary>IsSaturated: the new ReplicaSet has all the replicas, and all of them are available.</summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs)
    {
        if (rs is null)
        {
            return false;
        }
        var desired = rs.Metadata.Annotations?.TryGetValue(DesiredReplicasAnnotation, out var v) == true
            && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return Replicas(rs) == Replicas(d) && desired == Replicas(d) && (rs.Status?.AvailableReplicas ?? 0) == Replicas(d);
    }

    /// <summary>DeploymentComplete: every replica updated and available, and the latest spec observed.</summary>
    public static bool Complete(V1Deployment d, V1DeploymentStatus s) =>
        (s.UpdatedReplicas ?? 0) == Replicas(d) && (s.Replicas ?? 0) == Replicas(d) && (s.AvailableReplicas ?? 0) == Replicas(d)
        && (s.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);

    /// <summary>DeploymentProgressing: more updated, fewer old, or more ready or available replicas than last time.</summary>
    public static bool Progressing(V1Deployment d, V1DeploymentStatus s)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (s.Replicas ?? 0) - (s.UpdatedReplicas ?? 0);
        return (s.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0) || newOld < oldOld
            || (s.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0) || (s.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    public static bool HasProgressDeadline(V1Deployment d) => d.Spec.ProgressDeadlineSeconds is { } p && p != int.MaxValue;

    /// <summary>SetNewReplicaSetAnnotations: the Deployment's own annotations, the revision (and its history) and the replica annotations.</summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, long newRevision, bool exists)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (k, v) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (!AnnotationsToSkip.Contains(k) && (!annotations.TryGetValue(k, out var cur) || cur != v))
            {
                annotations[k] = v;
                changed = true;
            }
        }
        var oldRevision = annotations.TryGetValue(RevisionAnnotation, out var o) ? o : null;
        var oldRevisionNumber = long.TryParse(oldRevision, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        if (oldRevisionNumber < newRevision)
        {
            annotations[RevisionAnnotation] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (!string.IsNullOrEmpty(oldRevision))
            {
                annotations[RevisionHistoryAnnotation] = annotations.TryGetValue(RevisionHistoryAnnotation, out var h) && h.Length > 0
                    ? h + "," + oldRevision : oldRevision;
            }
        }
        if (!exists && SetReplicasAnnotations(rs, Replicas(d), Replicas(d) + MaxSurge(d)))
        {
            changed = true;
        }
        return changed;
    }

    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var d = desired.ToString(CultureInfo.InvariantCulture);
        var m = max.ToString(CultureInfo.InvariantCulture);
        if (annotations.TryGetValue(DesiredReplicasAnnotation, out var cd) && cd == d && annotations.TryGetValue(MaxReplicasAnnotation, out var cm) && cm == m)
        {
            return false;
        }
        annotations[DesiredReplicasAnnotation] = d;
        annotations[MaxReplicasAnnotation] = m;
        return true;
    }

    /// <summary>GetProportion: the share of a scaling event one ReplicaSet takes, by its max-replicas annotation.</summary>
    public static int Proportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if (Replicas(rs) == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }
        var allowed = toAdd - added;
        int fraction;
        if (Replicas(d) == 0)
        {
            fraction = -Replicas(rs);
        }
        else
        {
            // getReplicaSetFraction: without the annotation, the Deployment's current size stands in for it.
            var max = rs.Metadata.Annotations?.TryGetValue(MaxReplicasAnnotation, out var v) == true
                && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : d.Status?.Replicas ?? 0;
            fraction = max == 0 ? 0 : (int)Math.Floor(Replicas(rs) * (double)(Replicas(d) + MaxSurge(d)) / max + 0.5) - Replicas(rs);
        }
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }
}
