using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_seccompProfile_baseline.go: a seccomp profile, where one is set, must be the runtime default or a
/// localhost one. Before 1.19 that is read from the alpha annotations (runtime/default, docker/default, localhost/*),
/// from 1.19 from the pod's and containers' securityContext.seccompProfile.type (RuntimeDefault, Localhost).
/// </summary>
public static class SeccompProfileBaselineCheck
{
    /// <summary>checkSeccompBaselineID, which seccompProfile_restricted overrides.</summary>
    public const string Id = "seccompProfile_baseline";

    private const string AnnotationKeyPod = "seccomp.security.alpha.kubernetes.io/pod";
    private const string AnnotationKeyContainerPrefix = "container.seccomp.security.alpha.kubernetes.io/";

    public static PodSecurityCheck Check { get; } = new(Id, PodSecurityLevel.Baseline,
    [
        new(0, SeccompProfileBaseline1Dot0),
        new(19, SeccompProfileBaseline1Dot19),
    ]);

    /// <summary>validSeccomp: a profile type of Localhost or RuntimeDefault.</summary>
    internal static bool ValidSeccomp(string type) => type is "Localhost" or "RuntimeDefault";

    /// <summary>The seccomp profile's type, or null where none is set.</summary>
    internal static string? ProfileType(V1SeccompProfile? profile) => profile is null ? null : profile.Type ?? "";

    /// <summary>The pod and containers that explicitly set a profile type other than Localhost or RuntimeDefault.</summary>
    internal static void AddExplicitlyBadTypes(V1PodSpec podSpec, ref List<string>? badSetters, ref SortedSet<string>? badValues) =>
        CheckHelpers.AddExplicitlyBadTypes(podSpec, ProfileType(podSpec.SecurityContext?.SeccompProfile),
            static securityContext => ProfileType(securityContext.SeccompProfile), ValidSeccomp, ref badSetters, ref badValues);

    /// <summary>The forbidden detail when the pod or containers explicitly set a bad profile type.</summary>
    internal static string BadSettersDetail(List<string> badSetters, SortedSet<string> badValues) =>
        $"{CheckHelpers.JoinSetters(badSetters)} must not set securityContext.seccompProfile.type to {CheckHelpers.JoinQuote(badValues)}";

    private static bool ValidSeccompAnnotationValue(string value) =>
        value is "runtime/default" or "docker/default" || value.StartsWith("localhost/", StringComparison.Ordinal);

    private static CheckResult SeccompProfileBaseline1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        if (podMetadata?.Annotations is not { Count: > 0 } annotations)
        {
            return CheckResult.Allow;
        }
        SortedSet<string>? forbidden = null;
        CheckAnnotation(annotations, AnnotationKeyPod, ref forbidden);
        foreach (var container in CheckHelpers.Containers(podSpec))
        {
            CheckAnnotation(annotations, AnnotationKeyContainerPrefix + container.Name, ref forbidden);
        }
        return forbidden is null
            ? CheckResult.Allow
            : CheckResult.Forbid("seccompProfile",
                $"forbidden {CheckHelpers.Pluralize("annotation", "annotations", forbidden.Count)} {string.Join(", ", forbidden)}");
    }

    private static void CheckAnnotation(IDictionary<string, string> annotations, string key, ref SortedSet<string>? forbidden)
    {
        if (annotations.TryGetValue(key, out var value) && !ValidSeccompAnnotationValue(value ?? ""))
        {
            CheckHelpers.Add(ref forbidden, $"{key}={GoQuote.Of(value ?? "")}");
        }
    }

    private static CheckResult SeccompProfileBaseline1Dot19(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badSetters = null;
        SortedSet<string>? badValues = null;
        AddExplicitlyBadTypes(podSpec, ref badSetters, ref badValues);
        return badSetters is null ? CheckResult.Allow : CheckResult.Forbid("seccompProfile", BadSettersDetail(badSetters, badValues!));
    }
}
