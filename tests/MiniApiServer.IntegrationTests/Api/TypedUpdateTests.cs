using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// A controller's update (the typed client) is admitted on the model and encoded once; it stores what the same
/// change over HTTP stores, keeps what a writer may not change, and an unchanged object is no write at all.
/// </summary>
public sealed class TypedUpdateTests : ServerTest
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private ObjectClient Typed => new(
        Server.Services.GetRequiredService<ISender>(), Server.Services.GetRequiredService<ResourceRegistry>(), "system:serviceaccount:kube-system:test");

    // No scheduler, kubelet or other controller writes a pod another scheduler owns, so every change here is the test's.
    private static string PodJson(string name) =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{"app":"web"}},"spec":{"schedulerName":"elsewhere","containers":[{"name":"c","image":"nginx"}]}}""";

    private async Task<long> ResourceVersionAsync(string path) =>
        long.Parse((await Server.Http.GetJsonAsync(path)).Str("metadata", "resourceVersion")!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Update_EncodesOnce_AndNeverDecodesTheNewObject()
    {
        await Server.Http.CreateAsync(Pods, PodJson("p"));
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"cm"},"data":{"k":"v"}}""");
        var client = Typed;

        // The pod informer shares each version's model once read or changed; the update's base is it, not a decode.
        // A controller reading the new pod is what makes the informer keep its first version's model.
        var store = Server.Services.GetRequiredService<ObjectStore>();
        var pods = Server.Services.GetRequiredService<SharedInformers>().Pods;
        Task PodInformerHasShared() => Eventually.True(() => Task.FromResult(store.Cache.Get("pods", "default", "p")?.SharedModel is V1Pod),
            TimeSpan.FromSeconds(10), "the pod informer decoded the current version");

        CodecCounts pod, status, configMap;
        await Eventually.True(() => Task.FromResult(pods.Get("default", "p") is not null), TimeSpan.FromSeconds(10), "the pod in the informer");
        await PodInformerHasShared();
        using (pod = CodecCounts.Start())
        {
            await client.UpdateAsync<V1Pod>("default", "p", p => { p.Metadata.Labels["tier"] = "front"; return true; });
        }
        await PodInformerHasShared();
        using (status = CodecCounts.Start())
        {
            await client.UpdateAsync<V1Pod>("default", "p", p => { p.Status.Message = "seen"; return true; }, status: true);
        }
        using (configMap = CodecCounts.Start())
        {
            await client.UpdateAsync<V1ConfigMap>("default", "cm", c => { c.Data["k"] = "changed"; return true; });
        }

        foreach (var counts in new[] { pod, status, configMap })
        {
            Assert.Equal(1, counts.Encodes);
            Assert.Equal(0, counts.BodyDecodes);
            Assert.Equal(0, counts.Parses);
        }
        // A pod's base is the informer's shared model: one decode, the copy to change. No controller informs on
        // ConfigMaps, but their strategy is typed, so the create over HTTP left its admitted model shared with the
        // version: one decode there too.
        Assert.Equal([1, 1, 1], new[] { pod.StoredDecodes, status.StoredDecodes, configMap.StoredDecodes });
        // ValidatePodUpdate's "only the image may change" compares the two pod specs serialized; pods/status keeps the
        // stored spec and compares nothing (upstream's podStatusStrategy); a ConfigMap has no such rule.
        Assert.Equal([2, 0, 0], new[] { pod.PartEncodes, status.PartEncodes, configMap.PartEncodes });
        var stored = await Server.Http.GetJsonAsync($"{Pods}/p");
        Assert.Equal("front", stored.Str("metadata", "labels", "tier"));
        Assert.Equal("seen", stored.Str("status", "message"));
        Assert.Equal("changed", (await Server.Http.GetJsonAsync("/api/v1/namespaces/default/configmaps/cm")).Str("data", "k"));
    }

    [Fact]
    public async Task FirstUpdateOfAPodNobodyRead_DecodesItsBaseTwice_ThenLikeARead()
    {
        await Server.Http.CreateAsync(Pods, PodJson("unread"));
        var store = Server.Services.GetRequiredService<ObjectStore>();
        // Another scheduler's bare pod: no controller here reads it, so the pod informer lets the create's model go
        // when it takes the new pod in, and keeps only the bytes.
        await Eventually.True(() => Task.FromResult(store.Cache.Get("pods", "default", "unread") is { SharedModel: null }),
            TimeSpan.FromSeconds(10), "the pod informer took the pod in and let its model go");

        CodecCounts first, second;
        using (first = CodecCounts.Start())
        {
            await Typed.UpdateAsync<V1Pod>("default", "unread", p => { p.Metadata.Labels["tier"] = "front"; return true; });
        }
        using (second = CodecCounts.Start())
        {
            await Typed.UpdateAsync<V1Pod>("default", "unread", p => { p.Metadata.Labels["tier"] = "back"; return true; });
        }

        // The first: the stored bytes decoded into the version's shared model, then the copy to change. From then on
        // every version keeps its model (the write shares the admitted one), so the second decodes only the copy.
        Assert.Equal(2, first.StoredDecodes);
        Assert.Equal(1, second.StoredDecodes);
        Assert.Equal([1, 1], new[] { first.Encodes, second.Encodes });
        Assert.Equal("back", (await Server.Http.GetJsonAsync($"{Pods}/unread")).Str("metadata", "labels", "tier"));
    }

    [Fact]
    public async Task SharedBase_IsNeverTheCallersModel_AndASupersededVersionLetsItsModelGo()
    {
        await Server.Http.CreateAsync(Pods, PodJson("shared"));
        var store = Server.Services.GetRequiredService<ObjectStore>();
        var pods = Server.Services.GetRequiredService<SharedInformers>().Pods;
        StoredObject? first = null;
        await Eventually.True(() => Task.FromResult(pods.Get("default", "shared") is not null && (first = store.Cache.Get("pods", "default", "shared"))?.SharedModel is V1Pod),
            TimeSpan.FromSeconds(10), "a read through the pod informer decoded the created pod");

        // A status write carries the stored spec over from the base; the caller's result must not be that spec.
        var result = await Typed.UpdateAsync<V1Pod>("default", "shared", p => { p.Status.Message = "one"; return true; }, status: true);
        var mine = ObjectClient.Read<V1Pod>(result);
        mine.Spec.Containers[0].Image = "changed-by-the-caller";
        mine.Metadata.Labels["caller"] = "yes";

        StoredObject? second = null;
        await Eventually.True(() => Task.FromResult((second = store.Cache.Get("pods", "default", "shared"))?.SharedModel is V1Pod),
            TimeSpan.FromSeconds(10), "the pod informer decoded the written version");
        var shared = (V1Pod)second!.SharedModel!;
        Assert.Equal("nginx", shared.Spec.Containers[0].Image);
        Assert.False(shared.Metadata.Labels?.ContainsKey("caller") == true);
        Assert.Equal("one", shared.Status.Message);
        var stored = await Server.Http.GetJsonAsync($"{Pods}/shared");
        Assert.Equal("nginx", stored!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        // The watch window still holds the first version's bytes for minutes; its model is gone once it is not current.
        Assert.NotSame(first, second);
        Assert.Null(first!.SharedModel);
    }

    [Fact]
    public async Task Update_StoresWhatTheSameChangeOverHttpStores()
    {
        await Server.Http.CreateAsync(Pods, PodJson("over-http"));
        await Server.Http.CreateAsync(Pods, PodJson("typed"));

        await Server.Http.MergePatchAsync($"{Pods}/over-http", """{"metadata":{"labels":{"tier":"front"},"finalizers":["example.com/f"]},"spec":{"activeDeadlineSeconds":30}}""");
        var result = await Typed.UpdateAsync<V1Pod>("default", "typed", p =>
        {
            p.Metadata.Labels["tier"] = "front";
            p.Metadata.Finalizers = ["example.com/f"];
            p.Spec.ActiveDeadlineSeconds = 30;
            return true;
        });

        var viaHttp = Normalised(await Server.Http.GetJsonAsync($"{Pods}/over-http"));
        var typed = Normalised(await Server.Http.GetJsonAsync($"{Pods}/typed"));
        Assert.Equal(viaHttp.ToJsonString(), typed.ToJsonString());
        // The model handed back is the stored object, resourceVersion included.
        var returned = ObjectClient.Read<V1Pod>(result);
        Assert.Equal(result.ResourceVersion.ToString(CultureInfo.InvariantCulture), returned.Metadata.ResourceVersion);
        Assert.Equal("front", returned.Metadata.Labels["tier"]);
    }

    [Fact]
    public async Task Update_KeepsWhatTheWriterMayNotChange()
    {
        var created = await Server.Http.CreateAsync(Pods, PodJson("p"));
        var client = Typed;

        await client.UpdateAsync<V1Pod>("default", "p", p =>
        {
            p.Metadata.Uid = "forged";
            p.Metadata.CreationTimestamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            p.Metadata.Labels["tier"] = "front";
            p.Status.Message = "main resource writes keep status";
            return true;
        });
        await client.UpdateAsync<V1Pod>("default", "p", p =>
        {
            p.Spec.ActiveDeadlineSeconds = 99;
            p.Metadata.Labels["status"] = "taken";
            p.Status.Message = "status writes keep spec";
            return true;
        }, status: true);

        var stored = await Server.Http.GetJsonAsync($"{Pods}/p");
        Assert.Equal(created.Str("metadata", "uid"), stored.Str("metadata", "uid"));
        Assert.Equal(created.Str("metadata", "creationTimestamp"), stored.Str("metadata", "creationTimestamp"));
        Assert.Equal("front", stored.Str("metadata", "labels", "tier"));
        Assert.Equal("taken", stored.Str("metadata", "labels", "status"));
        Assert.Null(stored!["spec"]!["activeDeadlineSeconds"]);
        Assert.Equal("status writes keep spec", stored.Str("status", "message"));
    }

    [Fact]
    public async Task Update_Invalid_Is422_AndPinnedStaleIs409()
    {
        await Server.Http.CreateAsync(Pods, PodJson("p"));
        var client = Typed;

        var invalid = await Assert.ThrowsAsync<ApiException>(() =>
            client.UpdateAsync<V1Pod>("default", "p", p => { p.Spec.Containers[0].Name = "Not_A_Name"; return true; }));
        var stale = await Assert.ThrowsAsync<ApiException>(() =>
            client.UpdatePinnedAsync<V1Pod>("default", "p", p => { p.Metadata.ResourceVersion = "1"; p.Metadata.Labels["x"] = "y"; return true; }));

        Assert.Equal(422, invalid.Code);
        Assert.Equal(409, stale.Code);
        Assert.Null((await Server.Http.GetJsonAsync($"{Pods}/p")).Str("metadata", "labels", "x"));
    }

    [Fact]
    public async Task Update_Unchanged_KeepsResourceVersion_AndEmitsNoEvent()
    {
        await Server.Http.CreateAsync(Pods, PodJson("p"));
        var before = await ResourceVersionAsync($"{Pods}/p");
        var client = Typed;

        var same = await client.UpdateAsync<V1Pod>("default", "p", p => { p.Metadata.Labels["app"] = "web"; return true; });
        var specOnStatus = await client.UpdateAsync<V1Pod>("default", "p", p => { p.Spec.ActiveDeadlineSeconds = 5; return true; }, status: true);
        var statusOnMain = await client.UpdateAsync<V1Pod>("default", "p", p => { p.Status.Message = "dropped"; return true; });
        var changed = await client.UpdateAsync<V1Pod>("default", "p", p => { p.Metadata.Labels["app"] = "api"; return true; });

        Assert.Equal([before, before, before], new[] { same.ResourceVersion, specOnStatus.ResourceVersion, statusOnMain.ResourceVersion });
        Assert.True(changed.ResourceVersion > before);
        // Watching from before the no-ops, the first event is the real change.
        var first = await Server.Http.FirstWatchEventAsync($"{Pods}?watch=true&fieldSelector=metadata.name%3Dp&resourceVersion={before}");
        Assert.Equal("MODIFIED", first.Str("type"));
        Assert.Equal(changed.ResourceVersion.ToString(CultureInfo.InvariantCulture), first.Str("object", "metadata", "resourceVersion"));
    }

    private static JsonObject Normalised(JsonObject? obj)
    {
        var meta = obj!["metadata"]!.AsObject();
        // An HTTP write records its manager; an in-process one keeps the entries it found (ManagedFieldsTests).
        foreach (var field in new[] { "name", "uid", "resourceVersion", "creationTimestamp", "managedFields" })
        {
            meta.Remove(field);
        }
        return TokenVolumeNames.Mask(obj);
    }
}
