using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Kinds;

/// <summary>
/// Every kind in the catalog declares each fact a kind is made of (resource, scope, names, printer, strategy,
/// field selectors, wire formats), and each fact agrees with the k8s.Models class the kind serves.
/// </summary>
public sealed class KindDefinitionTests
{
    public static TheoryData<string> StorageKeys => [.. KindCatalog.All.Select(k => k.Type.StorageKey)];

    private static KindDefinition Kind(string storageKey) => KindCatalog.All.Single(k => k.Type.StorageKey == storageKey);

    [Theory]
    [MemberData(nameof(StorageKeys))]
    public void Resource_MatchesTheModelsKubernetesEntity(string storageKey)
    {
        var type = Kind(storageKey).Type;
        var entity = type.ModelType.GetCustomAttribute<KubernetesEntityAttribute>();

        Assert.NotNull(entity);
        Assert.Equal((entity.Group, entity.ApiVersion, entity.Kind, entity.PluralName), (type.Group, type.Version, type.Kind, type.Plural));
        Assert.Equal(type.Kind.ToLowerInvariant(), type.Singular);
        Assert.NotNull(type.ShortNames);
        Assert.NotNull(type.Categories);
        Assert.All(type.ShortNames.Concat(type.Categories), n => Assert.Matches("^[a-z]+(-[a-z]+)*$", n));
    }

    [Theory]
    [MemberData(nameof(StorageKeys))]
    public void Printer_NamesEveryRow_AndFillsEveryColumn(string storageKey)
    {
        var printer = Kind(storageKey).Printer;
        var item = JsonSerializer.SerializeToElement(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x", ["creationTimestamp"] = "2026-01-01T00:00:00Z" } });

        var cells = printer.Cells(item, new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));

        // Every printers.go handler has a name-formatted column for the row's name (wide-only for events, whose rows lead
        // with Last Seen); volumeattachments' Attacher is one too, after it.
        var name = printer.Columns.Select((c, i) => (c, i)).First(x => x.c.Format == "name");
        Assert.Equal(printer.Columns.Count, cells.Length);
        Assert.Equal("x", cells[name.i]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(StorageKeys))]
    public void Strategy_AdmitsItsModel_OverHttpAndInProcess(string storageKey)
    {
        var kind = Kind(storageKey);
        var strategy = kind.CreateStrategy();

        Assert.True(strategy.Handles(kind.Type));
        Assert.Equal(kind.Type.ModelType, Assert.IsAssignableFrom<ITypedCreate>(strategy).ModelType);
        Assert.IsAssignableFrom<ITypedUpdate>(strategy);
    }

    [Theory]
    [MemberData(nameof(StorageKeys))]
    public void SelectableFields_AreFieldsOfTheModel(string storageKey)
    {
        var kind = Kind(storageKey);
        Assert.NotNull(kind.SelectableFields);
        foreach (var field in kind.SelectableFields)
        {
            var parts = field.Path.Split('.');
            JsonNode leaf = JsonValue.Create("v");
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                leaf = new JsonObject { [parts[i]] = leaf };
            }
            // A path the model does not have would index nothing and never match a selector.
            var unknown = ModelCodec.UnknownFields(leaf, kind.Type.ModelType);
            Assert.True(unknown.Count == 0, $"{storageKey}: {field.Name} -> {field.Path}: {string.Join(", ", unknown)}");
        }
    }

    [Theory]
    [MemberData(nameof(StorageKeys))]
    public void WireFormats_EveryKindTakesJsonYamlAndProtobuf_WithAMessageInTheGeneratedTable(string storageKey)
    {
        var kind = Kind(storageKey);
        if (storageKey is "customresourcedefinitions.apiextensions.k8s.io" or "apiservices.apiregistration.k8s.io")
        {
            // The built-in kinds outside k8s.io/api, without a message in the generated table: JSON and YAML, as kubectl sends them.
            Assert.Equal(WireFormats.Json | WireFormats.Yaml, kind.WireFormats);
            return;
        }
        Assert.Equal(WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf, kind.WireFormats);
        Assert.NotNull(MiniApiServer.Application.Serialization.Protobuf.ProtoSchema.MessageFor(kind.Type.GroupVersion, kind.Type.Kind));
    }
}
