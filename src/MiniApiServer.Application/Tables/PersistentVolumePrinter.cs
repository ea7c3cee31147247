using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printPersistentVolume</c> (1.32): the claim as namespace/name, Terminating while deleted.</summary>
internal sealed class PersistentVolumePrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
        new("Access Modes", "string", "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
        new("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
        new("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
        new("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
        new("StorageClass", "string", "StorageClass of the pv"),
        new("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
        new("Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
        TableColumn.AgeColumn(),
        new("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.", 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var status = item.Obj("status");
        var claimRef = spec.Obj("claimRef");
        var claim = claimRef is null ? "" : $"{claimRef.Str("namespace")}/{claimRef.Str("name")}";
        var phase = item.Obj("metadata").Has("deletionTimestamp") ? "Terminating" : status.Str("phase");
        // Quantity.String() of a missing capacity is "0".
        var capacity = spec.Obj("capacity").Has("storage") ? spec.Obj("capacity").Str("storage") : "0";
        var annotations = item.Obj("metadata").Obj("annotations");
        var storageClass = annotations.Has(StorageClasses.BetaStorageClassAnnotation) ? annotations.Str(StorageClasses.BetaStorageClassAnnotation) : spec.Str("storageClassName");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(capacity),
            Cell.Of(AccessModeText.Of(spec.Strings("accessModes"))),
            Cell.Of(spec.Str("persistentVolumeReclaimPolicy")),
            Cell.Of(phase),
            Cell.Of(claim),
            Cell.Of(storageClass),
            Cell.Of(spec.Has("volumeAttributesClassName") ? spec.Str("volumeAttributesClassName") : "<unset>"),
            Cell.Of(status.Str("reason")),
            Cell.Of(AgeOf(item, now)),
            Cell.Of(spec.Has("volumeMode") ? spec.Str("volumeMode") : "<unset>"),
        ];
    }
}
