using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// A create's stored form is encoded once, with its owned fields spliced in; those bytes must be the ones encoding the
/// finished model writes, or a later in-process update of the same content would not be seen as a no-op.
/// </summary>
public class CreatedEntryTests
{
    private static readonly ResourceRegistry Registry = new();
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 21, 30, 15, 678, TimeSpan.Zero);

    private static V1Pod Pod() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = "default",
            Uid = "u",
            Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
            Annotations = new Dictionary<string, string> { ["note"] = "quote \" and ü" },
            Finalizers = ["example.com/keep"],
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "rs-uid", Controller = true }],
            GenerateName = "web-",
        },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "c",
                    Image = "nginx",
                    Env = [new V1EnvVar { Name = "QUOTED\"NAME", Value = "1" }],
                    Ports = [new V1ContainerPort { ContainerPort = 80, Protocol = "TCP" }],
                },
            ],
        },
        Status = new V1PodStatus { Phase = "Pending" },
    };

    private static V1ConfigMap ConfigMap() => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "cm", NamespaceProperty = "default" },
        Data = new Dictionary<string, string> { ["x"] = "1" },
    };

    public static TheoryData<string> Managers => ["kubectl-create", "", "ünïcode \"quoted\""];

    [Theory]
    [MemberData(nameof(Managers))]
    public void SplicedPod_IsWhatEncodingTheFinishedModelWrites(string manager)
    {
        var pod = Pod();

        var spliced = CreatedEntry.Encode(Registry.Pods, pod, pod.Metadata, manager, Now, out var splicedEnd);
        var whole = ModelCodec.EncodeForStore(pod, out var wholeEnd);

        Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(spliced));
        Assert.Equal(wholeEnd, splicedEnd);
        Assert.Equal((byte)'}', spliced[splicedEnd]);
    }

    [Fact]
    public void Entry_IsAnUpdateByTheManager_AtTheSecond_OwningTheSpecNotTheStatus()
    {
        var pod = Pod();

        var stored = JsonNode.Parse(CreatedEntry.Encode(Registry.Pods, pod, pod.Metadata, "deployer", Now, out _))!;

        var entry = stored["metadata"]!["managedFields"]!.AsArray().Single()!.AsObject();
        Assert.Equal("deployer", entry["manager"]!.GetValue<string>());
        Assert.Equal("Update", entry["operation"]!.GetValue<string>());
        Assert.Equal("v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("2026-12-04T21:30:15Z", entry["time"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        var fields = entry["fieldsV1"]!.AsObject();
        Assert.Equal(["f:metadata", "f:spec"], fields.Select(f => f.Key).ToArray());
        Assert.Equal(["f:annotations", "f:finalizers", "f:generateName", "f:labels", "f:ownerReferences"],
            fields["f:metadata"]!.AsObject().Select(f => f.Key).ToArray());
        Assert.NotNull(fields["f:spec"]!["f:containers"]!["k:{\"name\":\"c\"}"]!["f:env"]!["k:{\"name\":\"QUOTED\\u0022NAME\"}"]);
    }

    [Fact]
    public void ObjectOwningNothing_GetsNoEntry()
    {
        var ns = new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "n" } };

        var stored = CreatedEntry.Encode(Registry.Namespaces, ns, ns.Metadata, "kubectl", Now, out var end);

        Assert.Null(ns.Metadata.ManagedFields);
        Assert.Equal(Encoding.UTF8.GetString(ModelCodec.EncodeForStore(ns, out var wholeEnd)), Encoding.UTF8.GetString(stored));
        Assert.Equal(wholeEnd, end);
    }

    [Fact]
    public void SecondObjectOfAShape_SplicesTheSharedSet()
    {
        var first = ConfigMap();
        var second = ConfigMap();
        second.Metadata.Name = "other";
        second.Data["x"] = "2";

        CreatedEntry.Encode(Registry.Types.Single(t => t.StorageKey == "configmaps"), first, first.Metadata, "m", Now, out _);
        var spliced = CreatedEntry.Encode(Registry.Types.Single(t => t.StorageKey == "configmaps"), second, second.Metadata, "m", Now, out var end);

        Assert.Equal(Encoding.UTF8.GetString(ModelCodec.EncodeForStore(second, out var wholeEnd)), Encoding.UTF8.GetString(spliced));
        Assert.Equal(wholeEnd, end);
        Assert.Equal("""{"f:data":{"f:x":{}}}""", JsonNode.Parse(spliced)!["metadata"]!["managedFields"]![0]!["fieldsV1"]!.ToJsonString());
    }

    [Theory]
    [InlineData(4, 1234L)]
    [InlineData(4, 99L)]
    [InlineData(2, 100L)]
    public void Placeholder_FilledByTheWriter_GivesWhatSplicingTheRevisionGives(int digits, long revision)
    {
        var plain = Pod();
        var placed = Pod();

        var spliced = CreatedEntry.Encode(Registry.Pods, plain, plain.Metadata, "kubectl-create", Now, out var plainEnd);
        var withPlaceholder = CreatedEntry.Encode(Registry.Pods, placed, placed.Metadata, "kubectl-create", Now, digits, null, out var end, out var placeholder, out _);
        var filled = MiniApiServer.Storage.RevisionStamper.Overwrite(withPlaceholder, end, placeholder, revision);

        Assert.Equal(digits, placeholder);
        Assert.Equal((byte)'}', withPlaceholder[end]);
        Assert.Equal(Encoding.UTF8.GetString(MiniApiServer.Storage.RevisionStamper.Splice(spliced, plainEnd, revision)), Encoding.UTF8.GetString(filled));
    }

    [Fact]
    public void Placeholder_NotWrittenWhenTheObjectIsEncodedWhole()
    {
        var ns = new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "n" } };

        var stored = CreatedEntry.Encode(Registry.Namespaces, ns, ns.Metadata, "kubectl", Now, 3, null, out var end, out var placeholder, out _);

        Assert.Equal(0, placeholder);
        Assert.Equal(Encoding.UTF8.GetString(ModelCodec.EncodeForStore(ns, out var wholeEnd)), Encoding.UTF8.GetString(stored));
        Assert.Equal(wholeEnd, end);
    }

    [Fact]
    public void IndexReadBeforeTheSetGoesIn_IsTheWritersIndexOfTheStoredBytes()
    {
        var pod = Pod();
        pod.Spec.NodeName = "node-1";
        pod.Spec.SchedulerName = "other";
        pod.Status.Phase = "Running";
        var indexer = new ResourceIndexer();

        var stored = CreatedEntry.Encode(Registry.Pods, pod, pod.Metadata, "kubectl-create", Now, 2, indexer, out var end, out var placeholder, out var early);
        var writers = indexer.Index("pods", MiniApiServer.Storage.RevisionStamper.Overwrite(stored, end, placeholder, 42));

        Assert.NotNull(early);
        Assert.Equal(writers.Uid, early.Uid);
        Assert.Equal(writers.Labels.OrderBy(l => l.Key), early.Labels.OrderBy(l => l.Key));
        Assert.Equal(writers.Fields.OrderBy(f => f.Key), early.Fields.OrderBy(f => f.Key));
        Assert.Equal("node-1", early.Fields["spec.nodeName"]);
        Assert.Equal("Running", early.Fields["status.phase"]);
        Assert.Equal("front", early.Labels["tier"]);
    }

    public static TheoryData<string> Kinds => [.. MiniApiServer.Application.Kinds.KindCatalog.All.Where(k => k.Type.ModelType is not null).Select(k => k.Type.StorageKey)];

    /// <summary>
    /// Every kind's early index, for an object that sets each of its selectable fields (and labels and a uid), is the
    /// writer's index of the stored bytes, and holds the values set here: no kind selects on anything the splice adds.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKindsEarlyIndex_IsTheWritersIndexOfTheStoredBytes(string kind)
    {
        var type = MiniApiServer.Application.Kinds.KindCatalog.All.Select(k => k.Type).Single(t => t.StorageKey == kind);
        var selectable = MiniApiServer.Application.Kinds.KindCatalog.All.Single(k => k.Type == type).SelectableFields;
        var obj = new JsonObject
        {
            ["apiVersion"] = type.GroupVersion,
            ["kind"] = type.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = "x",
                ["namespace"] = type.Namespaced ? "ns" : null,
                ["uid"] = "uid-x",
                ["labels"] = new JsonObject { ["app"] = "x", ["example.com/tier"] = "t" },
            },
        };
        var expected = new Dictionary<string, string> { ["metadata.name"] = "x", ["metadata.namespace"] = type.Namespaced ? "ns" : "" };
        foreach (var field in selectable)
        {
            var parts = field.Path.Split('.');
            var at = obj;
            foreach (var part in parts[..^1])
            {
                at = (at[part] ??= new JsonObject()).AsObject();
            }
            at[parts[^1]] = field.Boolean ? JsonValue.Create(true) : field.Integer ? JsonValue.Create(7) : JsonValue.Create("v-" + field.Name);
            expected[field.Name] = field.Boolean ? "true" : field.Integer ? "7" : "v-" + field.Name;
        }
        var model = ModelCodec.Decode(obj, type.ModelType!);
        var meta = ((k8s.Models.IMetadata<V1ObjectMeta>)model).Metadata;
        var indexer = new ResourceIndexer();

        var stored = CreatedEntry.Encode(type, model, meta, "kubectl-create", Now, 2, indexer, out var end, out var placeholder, out var early);
        Assert.NotNull(early);
        var writers = indexer.Index(type.StorageKey, placeholder > 0 ? MiniApiServer.Storage.RevisionStamper.Overwrite(stored, end, placeholder, 42) : stored);

        Assert.Equal("uid-x", early.Uid);
        Assert.Equal(writers.Uid, early.Uid);
        Assert.Equal([new("app", "x"), new("example.com/tier", "t")], early.Labels.ToArray());
        Assert.Equal(writers.Labels.ToArray(), early.Labels.ToArray());
        Assert.Equal(expected.OrderBy(f => f.Key), early.Fields.OrderBy(f => f.Key));
        Assert.Equal(writers.Fields.OrderBy(f => f.Key), early.Fields.OrderBy(f => f.Key));
    }
}
