using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// A namespace's policy (api.Policy) from its pod-security.kubernetes.io labels over kube-apiserver's default, which is
/// privileged:latest for every mode unless an AdmissionConfiguration says otherwise (none is read here).
/// </summary>
public sealed record PodSecurityPolicy(LevelVersion Enforce, LevelVersion Audit, LevelVersion Warn)
{
    public const string LabelPrefix = "pod-security.kubernetes.io/";
    public const string EnforceLevelLabel = LabelPrefix + "enforce";
    public const string EnforceVersionLabel = LabelPrefix + "enforce-version";
    public const string AuditLevelLabel = LabelPrefix + "audit";
    public const string AuditVersionLabel = LabelPrefix + "audit-version";
    public const string WarnLevelLabel = LabelPrefix + "warn";
    public const string WarnVersionLabel = LabelPrefix + "warn-version";

    private const string LevelError = "must be one of privileged, baseline, restricted";
    private const string VersionError = "must be \"latest\" or \"v1.x\"";

    public static readonly PodSecurityPolicy Default = new(LevelVersion.PrivilegedLatest, LevelVersion.PrivilegedLatest, LevelVersion.PrivilegedLatest);

    public bool FullyPrivileged =>
        Enforce.Level == PodSecurityLevel.Privileged && Audit.Level == PodSecurityLevel.Privileged && Warn.Level == PodSecurityLevel.Privileged;

    /// <summary>
    /// PolicyToEvaluate: each label read over the default; a bad level or version is an error, and enforce then keeps
    /// restricted (fails closed) while audit and warn fall back to privileged (fail open). Warn follows a stricter
    /// enforce level that has no warn label of its own.
    /// </summary>
    public static PodSecurityPolicy FromLabels(IDictionary<string, string>? labels, FieldErrors? errors)
    {
        if (labels is null || labels.Count == 0)
        {
            return Default;
        }
        var (enforce, audit, warn) = (Default.Enforce, Default.Audit, Default.Warn);
        var hasEnforceLevel = false;
        if (labels.TryGetValue(EnforceLevelLabel, out var enforceLevel))
        {
            hasEnforceLevel = TryLevel(enforceLevel, EnforceLevelLabel, errors, out var level);
            enforce = enforce with { Level = hasEnforceLevel ? level : PodSecurityLevel.Restricted };
        }
        if (labels.TryGetValue(EnforceVersionLabel, out var enforceVersion))
        {
            enforce = enforce with { Version = Version(enforceVersion, EnforceVersionLabel, errors) };
        }
        if (labels.TryGetValue(AuditLevelLabel, out var auditLevel))
        {
            audit = audit with { Level = TryLevel(auditLevel, AuditLevelLabel, errors, out var level) ? level : PodSecurityLevel.Privileged };
        }
        if (labels.TryGetValue(AuditVersionLabel, out var auditVersion))
        {
            audit = audit with { Version = Version(auditVersion, AuditVersionLabel, errors) };
        }
        var hasWarnLevel = labels.TryGetValue(WarnLevelLabel, out var warnLevel);
        if (hasWarnLevel)
        {
            warn = warn with { Level = TryLevel(warnLevel!, WarnLevelLabel, errors, out var level) ? level : PodSecurityLevel.Privileged };
        }
        var hasWarnVersion = labels.TryGetValue(WarnVersionLabel, out var warnVersion);
        if (hasWarnVersion)
        {
            warn = warn with { Version = Version(warnVersion!, WarnVersionLabel, errors) };
        }
        if (!hasWarnLevel && hasEnforceLevel && enforce.Level > warn.Level)
        {
            warn = new LevelVersion(enforce.Level, hasWarnVersion ? warn.Version : enforce.Version);
        }
        return new PodSecurityPolicy(enforce, audit, warn);
    }

    /// <summary>Whether any label of the policy is present: a namespace without one has the default at no cost.</summary>
    public static bool HasLabels(IDictionary<string, string>? labels)
    {
        if (labels is Dictionary<string, string> dictionary)
        {
            // Every pod create asks, and every namespace has a label: the concrete type's enumerator is not boxed.
            foreach (var key in dictionary.Keys)
            {
                if (key.StartsWith(LabelPrefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }
        return labels?.Keys.Any(key => key.StartsWith(LabelPrefix, StringComparison.Ordinal)) == true;
    }

    private static bool TryLevel(string text, string label, FieldErrors? errors, out PodSecurityLevel level)
    {
        (var ok, level) = text switch
        {
            "privileged" => (true, PodSecurityLevel.Privileged),
            "baseline" => (true, PodSecurityLevel.Baseline),
            "restricted" => (true, PodSecurityLevel.Restricted),
            _ => (false, PodSecurityLevel.Restricted),
        };
        if (!ok)
        {
            errors?.Invalid($"metadata.labels[{label}]", text, LevelError);
        }
        return ok;
    }

    private static PodSecurityVersion Version(string text, string label, FieldErrors? errors)
    {
        if (!PodSecurityVersion.TryParse(text, out var version))
        {
            errors?.Invalid($"metadata.labels[{label}]", text, VersionError);
        }
        return version;
    }
}
