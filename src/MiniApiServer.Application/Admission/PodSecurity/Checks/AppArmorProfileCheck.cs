using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_appArmorProfile.go: the default AppArmor profile may not be overridden or disabled. The pod's and
/// containers' appArmorProfile.type may be RuntimeDefault, Localhost or unset; the deprecated
/// container.apparmor.security.beta.kubernetes.io/* annotations runtime/default, localhost/*, empty or unset.
/// </summary>
public static class AppArmorProfileCheck
{
    private const string AnnotationKeyPrefix = "container.apparmor.security.beta.kubernetes.io/";

    public static PodSecurityCheck Check { get; } = new("appArmorProfile", PodSecurityLevel.Baseline,
    [
        new(0, AppArmorProfile1Dot0),
    ]);

    private static bool AllowedAnnotationValue(string profile) =>
        profile.Length == 0 || profile == "runtime/default" || profile.StartsWith("localhost/", StringComparison.Ordinal);

    private static bool AllowedProfileType(string type) => type is "RuntimeDefault" or "Localhost";

    private static string? ProfileType(V1AppArmorProfile? profile) => profile is null ? null : profile.Type ?? "";

    private static CheckResult AppArmorProfile1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badSetters = null;
        SortedSet<string>? badValues = null;
        CheckHelpers.AddExplicitlyBadTypes(podSpec, ProfileType(podSpec.SecurityContext?.AppArmorProfile),
            static securityContext => ProfileType(securityContext.AppArmorProfile), AllowedProfileType, ref badSetters, ref badValues);

        List<string>? forbiddenAnnotations = null;
        if (podMetadata?.Annotations is { Count: > 0 } annotations)
        {
            foreach (var (key, value) in annotations)
            {
                if (key.StartsWith(AnnotationKeyPrefix, StringComparison.Ordinal) && !AllowedAnnotationValue(value ?? ""))
                {
                    CheckHelpers.Add(ref forbiddenAnnotations, $"{key}={GoQuote.Of(value ?? "")}");
                }
            }
        }

        if (badSetters is null && forbiddenAnnotations is null)
        {
            return CheckResult.Allow;
        }
        // The distinct bad types in order, then the sorted forbidden annotations after them.
        List<string> badValueList = badValues is null ? [] : [.. badValues];
        if (forbiddenAnnotations is not null)
        {
            forbiddenAnnotations.Sort(CheckHelpers.GoOrder);
            badValueList.AddRange(forbiddenAnnotations);
            CheckHelpers.Add(ref badSetters, CheckHelpers.Pluralize("annotation", "annotations", forbiddenAnnotations.Count));
        }
        return CheckResult.Forbid(
            CheckHelpers.Pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", badValueList.Count),
            $"{CheckHelpers.JoinSetters(badSetters!)} must not set AppArmor profile type to {CheckHelpers.JoinQuote(badValueList)}");
    }
}
