using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printPersistentVolumeClaim</c> (1.32): an unbound claim shows no volume, capacity or modes.</summary>
internal sealed class PersistentVolumeClaimPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
        new("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
        new("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
        new("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
        new("StorageClass", "string", "StorageClass of the pvc"),
        new("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
        TableColumn.AgeColumn(),
        new("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.", 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var status = item.Obj("status");
        var phase = item.Obj("metadata").Has("deletionTimestamp") ? "Terminating" : status.Str("phase");
        var bound = spec.Str("volumeName").Length > 0;
        var capacity = bound && status.Obj("capacity") is { } cap ? cap.Str("storage") : "";
        var modes = bound ? AccessModeText.Of(status.Strings("accessModes")) : "";
        // GetPersistentVolumeClaimClass: the beta annotation first, then the field; nothing when neither is set.
        var annotations = item.Obj("metadata").Obj("annotations");
        var storageClass = annotations.Has(BetaStorageClass) ? annotations.Str(BetaStorageClass) : spec.Str("storageClassName");
        var attributesClass = spec.Str("volumeAttributesClassName") is { Length: > 0 } vac ? vac : "<unset>";
        var volumeMode = spec.Has("volumeMode") ? spec.Str("volumeMode") : "<unset>";
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(phase),
            Cell.Of(spec.Str("volumeName")),
            Cell.Of(capacity),
            Cell.Of(modes),
            Cell.Of(storageClass),
            Cell.Of(attributesClass),
            Cell.Of(AgeOf(item, now)),
            Cell.Of(volumeMode),
        ];
    }

    private const string BetaStorageClass = Admission.StorageClasses.BetaStorageClassAnnotation;
}
