using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Volumes;

/// <summary>Paths and bodies for the storage tests: two simulated nodes, pods Ready 100 ms after they start.</summary>
public static class VolumeKit
{
    public const string Claims = "/api/v1/namespaces/default/persistentvolumeclaims";
    public const string PersistentVolumes = "/api/v1/persistentvolumes";
    public const string Classes = "/apis/storage.k8s.io/v1/storageclasses";
    public const string Pods = "/api/v1/namespaces/default/pods";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static ApiServerHost Start(bool defaultClass = true, string bindTimeout = "00:10:00") => ApiServerHost.Start(nodes: 2, settings: new Dictionary<string, string>
    {
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
        ["Controllers:DefaultStorageClass"] = defaultClass ? "true" : "false",
        ["Controllers:VolumeBindTimeout"] = bindTimeout,
    });

    public static string Claim(string name, string storage, string? storageClass = null, string? extraSpec = null) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
        + (storageClass is null ? "" : "\"storageClassName\":\"" + storageClass + "\",")
        + "\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"" + storage + "\"}}" + (extraSpec ?? "") + "}}";

    public static string HostPathVolume(string name, string capacity, string storageClass, string path, string reclaimPolicy = "Retain") =>
        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolume\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"capacity\":{\"storage\":\"" + capacity + "\"},"
        + "\"accessModes\":[\"ReadWriteOnce\"],\"storageClassName\":\"" + storageClass + "\",\"persistentVolumeReclaimPolicy\":\"" + reclaimPolicy + "\","
        + "\"hostPath\":{\"path\":\"" + path + "\"}}}";

    public static string Class(string name, string provisioner, string bindingMode, bool isDefault = false) =>
        "{\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"name\":\"" + name + "\""
        + (isDefault ? ",\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"}" : "")
        + "},\"provisioner\":\"" + provisioner + "\",\"volumeBindingMode\":\"" + bindingMode + "\"}";

    public static string PodUsing(string name, string claim) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\","
        + "\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]}],\"volumes\":[{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"" + claim + "\"}}]}}";

    public static async Task<JsonObject> ClaimWhen(HttpClient http, string name, Func<JsonObject, bool> done, string what) =>
        (await Eventually.Get(() => http.GetJsonAsync($"{Claims}/{name}"), c => c is not null && done(c), Deadline, what))!;

    public static async Task<JsonObject> VolumeWhen(HttpClient http, string name, Func<JsonObject, bool> done, string what) =>
        (await Eventually.Get(() => http.GetJsonAsync($"{PersistentVolumes}/{name}"), v => v is not null && done(v), Deadline, what))!;

    public static async Task<List<(string Reason, string Message, string Component)>> EventsOf(HttpClient http, string name) =>
        [.. (await http.ListItemsAsync($"/api/v1/events?fieldSelector=involvedObject.name%3D{name}"))
            .Select(e => (e.Str("reason")!, e.Str("message")!, e.Str("source", "component") ?? ""))];
}
