using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printStorageClass</c>: the default class named "(default)", Delete and Immediate when unset.</summary>
internal sealed class StorageClassPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Provisioner", "string", "provisioner indicates the type of the provisioner."),
        new("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
        new("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
        new("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow volume expand."),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var annotations = item.Obj("metadata").Obj("annotations").StringMap().ToDictionary(StringComparer.Ordinal);
        var name = StorageClasses.IsDefault(annotations) ? Name(item) + " (default)" : Name(item);
        var reclaimPolicy = item.Has("reclaimPolicy") ? item.Str("reclaimPolicy") : "Delete";
        var bindingMode = item.Has("volumeBindingMode") ? item.Str("volumeBindingMode") : StorageClasses.Immediate;
        return
        [
            Cell.Of(name), Cell.Of(item.Str("provisioner")), Cell.Of(reclaimPolicy), Cell.Of(bindingMode),
            JsonValue.Create(item.Bool("allowVolumeExpansion")), Cell.Of(AgeOf(item, now)),
        ];
    }
}
