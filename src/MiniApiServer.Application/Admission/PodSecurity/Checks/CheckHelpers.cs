using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/helpers.go and policy/visitor.go: the container walk and the phrasing every check's forbidden detail shares,
/// and the process-wide relaxation for pods in a user namespace.
/// </summary>
internal static class CheckHelpers
{
    private static volatile bool s_relaxPolicyForUserNamespacePods;

    /// <summary>
    /// sets.String.List's order, Go's byte-wise order of UTF-8: UTF-16 ordinal order but for surrogates, which sort
    /// after U+E000..U+FFFF there.
    /// </summary>
    public static IComparer<string> GoOrder { get; } = Comparer<string>.Create(CompareGoOrder);

    /// <summary>RelaxPolicyForUserNamespacePods (kube-apiserver's UserNamespacesPodSecurityStandards gate, off by default).</summary>
    public static bool RelaxPolicyForUserNamespacePods
    {
        get => s_relaxPolicyForUserNamespacePods;
        set => s_relaxPolicyForUserNamespacePods = value;
    }

    /// <summary>visitContainers: init containers, then containers, then ephemeral containers.</summary>
    public static PodContainers Containers(V1PodSpec podSpec) => new(podSpec);

    /// <summary>relaxPolicyForUserNamespacePod: relaxed, and the pod explicitly sets hostUsers=false.</summary>
    public static bool RelaxForUserNamespacePod(V1PodSpec podSpec) => s_relaxPolicyForUserNamespacePods && podSpec.HostUsers == false;

    /// <summary>
    /// The v1.25 version of a restricted check whose fields API validation forbids on a windows pod (spec.os.name):
    /// such a pod is admitted without them, any other is checked as before.
    /// </summary>
    public static PodCheck ExemptingWindows(PodCheck check) =>
        (podMetadata, podSpec) => podSpec.Os?.Name == "windows" ? CheckResult.Allow : check(podMetadata, podSpec);

    public static SortedSet<string> NewSortedSet() => new(GoOrder);

    public static string JoinQuote(IReadOnlyCollection<string> items) =>
        items.Count == 0 ? "" : "\"" + string.Join("\", \"", items) + "\"";

    public static string Pluralize(string singular, string plural, int count) => count == 1 ? singular : plural;

    /// <summary>The "%s %s" of pluralize("container", "containers", n) and joinQuote that most details start with.</summary>
    public static string NamedContainers(IReadOnlyCollection<string> names) =>
        $"{Pluralize("container", "containers", names.Count)} {JoinQuote(names)}";

    /// <summary>strings.Join(badSetters, " and "): "pod and containers ...".</summary>
    public static string JoinSetters(IEnumerable<string> setters) => string.Join(" and ", setters);

    /// <summary>
    /// The pod and the containers that explicitly set a profile type outside the allowed ones, as appArmorProfile and
    /// seccompProfile checks find them: "pod" and then "containers ..." added to the setters, the types to the values.
    /// A null type is a profile not set; a set profile without a type is Go's empty string.
    /// </summary>
    public static void AddExplicitlyBadTypes(V1PodSpec podSpec, string? podType, Func<V1SecurityContext, string?> containerType,
        Func<string, bool> allowed, ref List<string>? badSetters, ref SortedSet<string>? badValues)
    {
        if (podType is not null && !allowed(podType))
        {
            Add(ref badSetters, "pod");
            Add(ref badValues, podType);
        }
        List<string>? badContainers = null;
        foreach (var container in Containers(podSpec))
        {
            if (container.SecurityContext is { } securityContext && containerType(securityContext) is { } type && !allowed(type))
            {
                Add(ref badContainers, container.Name);
                Add(ref badValues, type);
            }
        }
        if (badContainers is not null)
        {
            Add(ref badSetters, NamedContainers(badContainers));
        }
    }

    public static void Add(ref List<string>? list, string item) => (list ??= []).Add(item);

    public static void Add(ref SortedSet<string>? set, string item) => (set ??= NewSortedSet()).Add(item);

    private static int CompareGoOrder(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return CodePointOrder(a[i]) - CodePointOrder(b[i]);
            }
        }
        return a.Length - b.Length;
    }

    // Moves surrogates above U+E000..U+FFFF so that UTF-16 units compare as code points (and so as UTF-8 bytes) do.
    private static int CodePointOrder(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;
}
