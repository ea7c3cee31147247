namespace MiniApiServer.Application.Admission;

/// <summary>
/// The data of an immutable ConfigMap or Secret (ValidateConfigMapUpdate, ValidateSecretUpdate compare it with
/// reflect.DeepEqual). An empty map is the same as none here: etcd's protobuf keeps no empty map, so upstream's stored
/// object never has one, while this server stores JSON and returns "data":{} as it was written; a client that sends
/// back what it read must not be refused for it.
/// </summary>
public static class ImmutableData
{
    public const string Message = "field is immutable when `immutable` is set";

    public static bool Same(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        Count(a) == Count(b) && (a is null || a.All(p => b!.TryGetValue(p.Key, out var v) && v == p.Value));

    public static bool Same(IDictionary<string, byte[]>? a, IDictionary<string, byte[]>? b) =>
        Count(a) == Count(b) && (a is null || a.All(p => b!.TryGetValue(p.Key, out var v) && (v ?? []).AsSpan().SequenceEqual(p.Value ?? [])));

    private static int Count<TValue>(IDictionary<string, TValue>? map) => map?.Count ?? 0;
}
