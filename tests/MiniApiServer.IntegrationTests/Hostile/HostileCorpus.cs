using System.Text;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// Every hostile request, by name. Targets are seeded by <see cref="HostileServerFixture"/>: ConfigMap
/// "target" and DaemonSet "target" in "default".
/// </summary>
public static class HostileCorpus
{
    public const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    public const string ConfigMap = ConfigMaps + "/target";
    public const string DaemonSets = "/apis/apps/v1/namespaces/default/daemonsets";
    public const string DaemonSet = DaemonSets + "/target";
    public const string Pods = "/api/v1/namespaces/default/pods";

    private static readonly Lazy<Dictionary<string, HostileCase>> All = new(Build);

    public static IEnumerable<object[]> Names => All.Value.Keys.Order(StringComparer.Ordinal).Select(n => new object[] { n });

    public static int Count => All.Value.Count;

    public static HostileCase Get(string name) => All.Value[name];

    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static Dictionary<string, HostileCase> Build()
    {
        var cases = new Dictionary<string, HostileCase>(StringComparer.Ordinal);
        foreach (var c in HostileBodies.Cases().Concat(HostileMetadata.Cases()).Concat(HostilePatches.Cases()).Concat(HostileRequests.Cases()))
        {
            cases.Add(c.Name, c);
        }
        return cases;
    }
}
