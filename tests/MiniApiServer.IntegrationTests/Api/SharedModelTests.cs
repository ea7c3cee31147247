using System.Text.Json;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// A typed write hands the model it encoded to the stored version before any reader sees that version, so the
/// informers deliver it instead of decoding the bytes again; a new object nobody has read then keeps only its bytes,
/// and the first read decodes them. The oracle is the stored bytes: every model must encode to exactly what a GET
/// returns, resourceVersion included.
/// </summary>
public sealed class SharedModelTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private ResourceService Service => Server.Services.GetRequiredService<ResourceService>();

    private ObjectStore Store => Server.Services.GetRequiredService<ObjectStore>();

    private SharedInformers Informers => Server.Services.GetRequiredService<SharedInformers>();

    private readonly Delivered _delivered = new();

    private Delivered Handler
    {
        get
        {
            if (Interlocked.Exchange(ref _handlerAdded, 1) == 0)
            {
                Informers.Pods.AddHandler(_delivered);
            }
            return _delivered;
        }
    }

    private int _handlerAdded;

    // No scheduler claims it, so no other writer makes a newer version while the test looks at this one.
    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "shared" } },
        Spec = new V1PodSpec
        {
            SchedulerName = "nobody",
            Containers = [new V1Container { Name = "c", Image = "nginx", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") } } }],
        },
    };

    [Fact]
    public async Task TypedCreate_TheInformerDeliversTheCreatedModel_ThenKeepsOnlyBytesUntilRead()
    {
        var handler = Handler;
        var model = Pod("typed-shared");

        var created = await Service.CreateModelAsync(Service.Registry.Pods, "default", model, WriteOptions.Default);

        var stored = Store.Cache.Get(Service.Registry.Pods.StorageKey, "default", "typed-shared")!;
        Assert.Same(model, created.Model);
        Assert.Equal(created.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), model.Metadata.ResourceVersion);
        AssertEncodesTo(stored.Json, model);
        Assert.Same(model, await DeliveredAsync(handler, "typed-shared"));
        await Eventually.True(() => Task.FromResult(stored.SharedModel is null), TimeSpan.FromSeconds(10), "the unread version lets its model go");

        var read = await InformerPodAsync("typed-shared", stored.ResourceVersion);
        AssertEncodesTo(stored.Json, read);
        Assert.Same(read, Informers.Pods.Get("default", "typed-shared"));
        Assert.Same(read, stored.SharedModel);
    }

    [Fact]
    public async Task HttpCreate_DeliveredModelEncodesToTheBytesAGetReturns()
    {
        var handler = Handler;
        var body = ModelCodec.Encode(Pod("http-shared")).ToJsonString();
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", body);

        var delivered = await DeliveredAsync(handler, "http-shared");
        var get = await Server.Http.GetByteArrayAsync(new Uri("/api/v1/namespaces/default/pods/http-shared", UriKind.Relative));
        AssertEncodesTo(get, delivered);
        AssertEncodesTo(get, await InformerPodAsync("http-shared", long.Parse(delivered.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task YamlCreate_TakesTheJsonPath_AndItsDeliveredModelIsTheStoredOne()
    {
        var handler = Handler;
        const string yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml-shared\nspec:\n  schedulerName: nobody\n  containers:\n  - name: c\n    image: nginx\n";
        var resp = await Server.Http.PostAsync(new Uri("/api/v1/namespaces/default/pods", UriKind.Relative), CrudOverHttpTests.Json(yaml, "application/yaml"));
        Assert.Equal(System.Net.HttpStatusCode.Created, resp.StatusCode);

        var stored = Store.Cache.Get(Service.Registry.Pods.StorageKey, "default", "yaml-shared")!;
        AssertEncodesTo(stored.Json, await DeliveredAsync(handler, "yaml-shared"));
        AssertEncodesTo(stored.Json, await InformerPodAsync("yaml-shared", stored.ResourceVersion));
    }

    [Fact]
    public async Task TypedUpdate_TheNewVersionSharesTheAdmittedModel()
    {
        await Service.CreateModelAsync(Service.Registry.Pods, "default", Pod("updated-shared"), WriteOptions.Default);

        var updated = await Service.UpdateModelAsync(Service.Registry.Pods, "default", "updated-shared", m =>
        {
            ((V1Pod)m).Metadata.Labels["app"] = "changed";
            return true;
        }, statusOnly: false);

        var stored = Store.Cache.Get(Service.Registry.Pods.StorageKey, "default", "updated-shared")!;
        Assert.Equal(updated.ResourceVersion, stored.ResourceVersion);
        var shared = Assert.IsType<V1Pod>(stored.SharedModel);
        Assert.Equal("changed", shared.Metadata.Labels["app"]);
        AssertEncodesTo(stored.Json, shared);
        Assert.Same(shared, await InformerPodAsync("updated-shared", stored.ResourceVersion));
    }

    private static void AssertEncodesTo(byte[] storedJson, object model)
    {
        using var expected = JsonDocument.Parse(storedJson);
        using var actual = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(ModelCodec.Encode(model)));
        Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement),
            $"shared model {actual.RootElement.GetRawText()} differs from stored {expected.RootElement.GetRawText()}");
    }

    private static async Task<V1Pod> DeliveredAsync(Delivered handler, string name) =>
        (await Eventually.Get(() => Task.FromResult(handler.Added.GetValueOrDefault(name)), p => p is not null,
            TimeSpan.FromSeconds(10), $"{name} delivered to the informer's handlers"))!;

    private async Task<V1Pod> InformerPodAsync(string name, long resourceVersion)
    {
        var rv = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (await Eventually.Get(() => Task.FromResult(Informers.Pods.Get("default", name)), p => p?.Metadata.ResourceVersion == rv,
            TimeSpan.FromSeconds(10), $"the pod informer at {name}@{rv}"))!;
    }

    private sealed class Delivered : IInformerHandler<V1Pod>
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, V1Pod> Added { get; } = new();

        public void OnAdd(V1Pod obj) => Added[obj.Metadata.Name] = obj;

        public void OnUpdate(V1Pod oldObj, V1Pod newObj)
        {
        }

        public void OnDelete(V1Pod obj)
        {
        }
    }
}
