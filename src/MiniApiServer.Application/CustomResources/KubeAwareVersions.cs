using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// apimachinery pkg/version/helpers.go CompareKubeAwareVersionStrings, highest first: v2 &gt; v1 &gt; v2beta1 &gt; v1beta2 &gt;
/// v1alpha1, then names that are not Kubernetes versions, in lexical order.
/// </summary>
public static partial class KubeAwareVersions
{
    public static readonly IComparer<string> Comparer = Comparer<string>.Create(Compare);

    private static int Compare(string a, string b)
    {
        var (ka, kb) = (Parse(a), Parse(b));
        if (ka is null || kb is null)
        {
            return ka is null && kb is null ? string.CompareOrdinal(a, b) : ka is null ? 1 : -1;
        }
        var (ma, sa, na) = ka.Value;
        var (mb, sb, nb) = kb.Value;
        return sa != sb ? sb.CompareTo(sa) : ma != mb ? mb.CompareTo(ma) : nb.CompareTo(na);
    }

    // Stability: GA 2, beta 1, alpha 0.
    private static (int Major, int Stability, int Minor)? Parse(string version)
    {
        var match = VersionPattern().Match(version);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var major))
        {
            return null;
        }
        if (!match.Groups[2].Success)
        {
            return (major, 2, 0);
        }
        return int.TryParse(match.Groups[3].Value, CultureInfo.InvariantCulture, out var minor) ? (major, match.Groups[2].Value == "beta" ? 1 : 0, minor) : null;
    }

    [GeneratedRegex(@"^v(\d+)(?:(alpha|beta)(\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
