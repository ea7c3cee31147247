using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// The checks that apply at each level and version (policy/registry.go checkRegistry): every check's implementation
/// for each v1 minor from its minimum version up to the newest any check names, a restricted check replacing the
/// baseline checks it overrides, baseline checks first and each level's in ID order. Latest and future versions
/// evaluate as the newest.
/// </summary>
public sealed class PodSecurityEvaluator
{
    private readonly PodCheck[][] _baseline;
    private readonly PodCheck[][] _restricted;
    private readonly int _maxMinor;

    public PodSecurityEvaluator(IReadOnlyList<PodSecurityCheck> checks)
    {
        _maxMinor = checks.Max(c => c.Versions[^1].MinimumMinor);
        var baseline = Inflate(checks.Where(c => c.Level == PodSecurityLevel.Baseline));
        var restricted = Inflate(checks.Where(c => c.Level == PodSecurityLevel.Restricted));
        var ordered = checks.Where(c => c.Level == PodSecurityLevel.Baseline).Select(c => c.Id).Order(StringComparer.Ordinal)
            .Concat(checks.Where(c => c.Level == PodSecurityLevel.Restricted).Select(c => c.Id).Order(StringComparer.Ordinal)).ToList();
        _baseline = new PodCheck[_maxMinor + 1][];
        _restricted = new PodCheck[_maxMinor + 1][];
        for (var v = 0; v <= _maxMinor; v++)
        {
            var overridden = restricted[v].Values.SelectMany(c => c.OverrideCheckIds ?? []).ToHashSet(StringComparer.Ordinal);
            var restrictedAtV = new Dictionary<string, VersionedCheck>(restricted[v], StringComparer.Ordinal);
            foreach (var (id, check) in baseline[v])
            {
                if (!overridden.Contains(id))
                {
                    restrictedAtV[id] = check;
                }
            }
            _baseline[v] = [.. ordered.Where(baseline[v].ContainsKey).Select(id => baseline[v][id].CheckPod)];
            _restricted[v] = [.. ordered.Where(restrictedAtV.ContainsKey).Select(id => restrictedAtV[id].CheckPod)];
        }
    }

    public static PodSecurityEvaluator Default { get; } = new(PodSecurityChecks.Default);

    public AggregateCheckResult Evaluate(LevelVersion policy, V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        if (policy.Level == PodSecurityLevel.Privileged)
        {
            return AggregateCheckResult.Allowed;
        }
        var minor = policy.Version.IsLatest || policy.Version.Minor > _maxMinor ? _maxMinor : policy.Version.Minor;
        List<CheckResult>? failed = null;
        foreach (var check in policy.Level == PodSecurityLevel.Baseline ? _baseline[minor] : _restricted[minor])
        {
            var result = check(podMetadata, podSpec);
            if (!result.Allowed)
            {
                (failed ??= []).Add(result);
            }
        }
        return failed is null ? AggregateCheckResult.Allowed : new AggregateCheckResult(failed);
    }

    /// <summary>inflateVersions: each implementation holds from its minimum version until the next one's.</summary>
    private Dictionary<string, VersionedCheck>[] Inflate(IEnumerable<PodSecurityCheck> checks)
    {
        var byVersion = Enumerable.Range(0, _maxMinor + 1).Select(_ => new Dictionary<string, VersionedCheck>(StringComparer.Ordinal)).ToArray();
        foreach (var check in checks)
        {
            for (var i = 0; i < check.Versions.Count; i++)
            {
                var until = i + 1 < check.Versions.Count ? check.Versions[i + 1].MinimumMinor : _maxMinor + 1;
                for (var v = check.Versions[i].MinimumMinor; v < until; v++)
                {
                    byVersion[v][check.Id] = check.Versions[i];
                }
            }
        }
        return byVersion;
    }
}
