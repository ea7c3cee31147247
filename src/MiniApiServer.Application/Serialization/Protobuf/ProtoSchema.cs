using System.Collections.Frozen;
using System.Text.Json;

namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>
/// The field numbers of every message of the served API groups, generated from k8s.io/api and k8s.io/apimachinery
/// generated.proto at the release this server speaks (tools/protobuf-schema/generate.py). One table drives both
/// decoding and encoding, so no kind hand-codes a field number.
/// </summary>
public static class ProtoSchema
{
    public const string Time = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTime = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";
    public const string Duration = "k8s.io.apimachinery.pkg.apis.meta.v1.Duration";
    public const string FieldsV1 = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1";
    public const string Verbs = "k8s.io.apimachinery.pkg.apis.meta.v1.Verbs";
    public const string Quantity = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    public const string IntOrString = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    public const string RawExtension = "k8s.io.apimachinery.pkg.runtime.RawExtension";
    private const string MetaPackage = "k8s.io.apimachinery.pkg.apis.meta.v1";

    private static readonly FrozenDictionary<string, FrozenDictionary<int, ProtoField>> Messages = Load();

    public static IEnumerable<string> MessageNames => Messages.Keys;

    public static FrozenDictionary<int, ProtoField>? Fields(string message) => Messages.GetValueOrDefault(message);

    public static bool IsMessage(string type) => Messages.ContainsKey(type);

    /// <summary>
    /// The message of apiVersion/kind: the group's own package (k8s.io.api.&lt;first label of the group&gt;.&lt;version&gt;,
    /// "core" for the legacy group), else meta/v1 for the options every group version registers (DeleteOptions).
    /// </summary>
    public static string? MessageFor(string? apiVersion, string? kind)
    {
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            return null;
        }
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var package = group.Length == 0 ? "core" : group.Split('.')[0];
        var own = $"k8s.io.api.{package}.{version}.{kind}";
        return Messages.ContainsKey(own) ? own : Messages.ContainsKey($"{MetaPackage}.{kind}") ? $"{MetaPackage}.{kind}" : null;
    }

    private static FrozenDictionary<string, FrozenDictionary<int, ProtoField>> Load()
    {
        using var stream = typeof(ProtoSchema).Assembly.GetManifestResourceStream("MiniApiServer.protobuf-schema.json")
            ?? throw new InvalidOperationException("the protobuf schema resource is missing from the assembly");
        var raw = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string[]>>>(stream)!;
        return raw.ToFrozenDictionary(
            m => m.Key,
            m => m.Value.ToFrozenDictionary(f => int.Parse(f.Key, System.Globalization.CultureInfo.InvariantCulture),
                f => new ProtoField(int.Parse(f.Key, System.Globalization.CultureInfo.InvariantCulture), f.Value[0], f.Value[1], f.Value[2])),
            StringComparer.Ordinal);
    }
}
