using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Volumes.VolumeKit;

namespace MiniApiServer.IntegrationTests.Volumes;

/// <summary>
/// The storage kinds' rules over HTTP (pkg/apis/storage/validation, pkg/apis/core/validation, v1 defaults), and the
/// default class: DefaultStorageClass admission on create and the PV controller's retroactive assignment. This server
/// starts without the default class, so each test decides which classes exist.
/// </summary>
public sealed class StorageApiTests : ServerTest
{
    protected override ApiServerHost StartServer() => VolumeKit.Start(defaultClass: false);

    [Fact]
    public async Task StorageClass_IsDefaulted_Validated_AndItsProvisionerIsFixed()
    {
        var created = await Server.Http.CreateAsync(Classes, """{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"fast"},"provisioner":"example.com/fast"}""");
        Assert.Equal(("Delete", "Immediate"), (created.Str("reclaimPolicy"), created.Str("volumeBindingMode")));

        var invalid = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Classes,
            """{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"bad"},"reclaimPolicy":"Recycle","volumeBindingMode":"Later"}""");
        Assert.Equal("StorageClass.storage.k8s.io \"bad\" is invalid: [provisioner: Required value, reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\", "
            + "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"]", invalid);

        var update = await Server.Http.InvalidMessageAsync(HttpMethod.Put, $"{Classes}/fast",
            """{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"fast"},"provisioner":"example.com/slow","volumeBindingMode":"WaitForFirstConsumer"}""");
        Assert.Equal("StorageClass.storage.k8s.io \"fast\" is invalid: [provisioner: Forbidden: updates to provisioner are forbidden., "
            + "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable]", update);
    }

    [Fact]
    public async Task PersistentVolume_IsDefaulted_AndValidated()
    {
        var created = await Server.Http.CreateAsync(PersistentVolumes, HostPathVolume("plain", "1Gi", "", "/data/plain").Replace(",\"persistentVolumeReclaimPolicy\":\"Retain\"", "", StringComparison.Ordinal));
        Assert.Equal(("Retain", "Filesystem", "Pending", ""), (created.Str("spec", "persistentVolumeReclaimPolicy"), created.Str("spec", "volumeMode"),
            created.Str("status", "phase"), created.Str("spec", "hostPath", "type")));
        Assert.NotNull(created.Str("status", "lastPhaseTransitionTime"));
        await VolumeWhen(Server.Http, "plain", v => v.Str("status", "phase") == "Available", "plain available");

        var invalid = await Server.Http.InvalidMessageAsync(HttpMethod.Post, PersistentVolumes,
            """{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"bad"},"spec":{"accessModes":["ReadWriteOnce"],"local":{"path":"../up"}}}""");
        Assert.Equal("PersistentVolume \"bad\" is invalid: [spec.capacity: Required value, spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\", "
            + "spec.local.path: Invalid value: \"../up\": must not contain '..', spec.nodeAffinity: Required value: Local volume requires node affinity]", invalid);

        var noSource = await Server.Http.InvalidMessageAsync(HttpMethod.Post, PersistentVolumes,
            """{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"bad"},"spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"]}}""");
        Assert.Equal("PersistentVolume \"bad\" is invalid: spec: Required value: must specify a volume type", noSource);

        var moved = await Server.Http.InvalidMessageAsync(HttpMethod.Put, $"{PersistentVolumes}/plain",
            HostPathVolume("plain", "1Gi", "", "/data/moved"));
        Assert.Equal("PersistentVolume \"plain\" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation", moved);
    }

    [Fact]
    public async Task ClaimWithoutAClass_GetsTheDefaultLater_AndANewClaimTheNewestDefault()
    {
        var early = await Server.Http.CreateAsync(Claims, Claim("early", "1Gi"));
        Assert.Null(early.Str("spec", "storageClassName"));

        await Server.Http.CreateAsync(Classes, Class("z-older", "example.com/a", "Immediate", isDefault: true));
        // The PV controller gives the early claim the class that is default now (RetroactiveDefaultStorageClass).
        // The class is written first; the claim's next sync hands it to the class's provisioner.
        var assigned = await ClaimWhen(Server.Http, "early", c => c.Str("metadata", "annotations", "volume.kubernetes.io/storage-provisioner") is not null, "early given a class");
        Assert.Equal("z-older", assigned.Str("spec", "storageClassName"));
        Assert.Equal("example.com/a", assigned.Str("metadata", "annotations", "volume.kubernetes.io/storage-provisioner"));

        // creationTimestamp has whole seconds: the newer class must be made in a later second to be newer.
        var olderSecond = DateTimeOffset.Parse((await Server.Http.GetJsonAsync($"{Classes}/z-older")).Str("metadata", "creationTimestamp")!, System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.True(() => Task.FromResult(DateTimeOffset.UtcNow >= olderSecond.AddSeconds(1)), Deadline, "the next second");
        await Server.Http.CreateAsync(Classes, Class("a-newer", "example.com/b", "Immediate", isDefault: true));

        var late = await Server.Http.CreateAsync(Claims, Claim("late", "1Gi"));
        Assert.Equal("a-newer", late.Str("spec", "storageClassName"));
    }

    [Fact]
    public async Task ClaimSpec_IsFixed_ButForWhatBindingSets()
    {
        await Server.Http.CreateAsync(Claims, Claim("data", "1Gi", storageClass: "manual"));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Claims}/data",
            """{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
            status.Str("message"));

        // spec.volumeName may be set once on an unbound claim (what the PV controller's bind does).
        var named = await Server.Http.MergePatchAsync($"{Claims}/data", """{"spec":{"volumeName":"later"}}""");
        Assert.Equal("later", named.Str("spec", "volumeName"));
    }
}
