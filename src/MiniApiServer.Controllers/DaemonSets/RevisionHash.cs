using System.Globalization;
using System.Text;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// controller.ComputeHash: FNV-32a over the template (here its canonical JSON rather than Go's spew dump,
/// so the value differs from upstream but is just as stable), mixed with collisionCount, then
/// rand.SafeEncodeString so the result is a valid, vowel-free label value.
/// </summary>
public static class RevisionHash
{
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(string canonicalTemplate, int? collisionCount)
    {
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(canonicalTemplate))
        {
            hash = (hash ^ b) * 16777619;
        }
        if (collisionCount is int c)
        {
            foreach (var b in BitConverter.GetBytes((ulong)(uint)c))
            {
                hash = (hash ^ b) * 16777619;
            }
        }
        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(digits.Length);
        foreach (var d in digits)
        {
            sb.Append(SafeAlphabet[d % SafeAlphabet.Length]);
        }
        return sb.ToString();
    }
}
