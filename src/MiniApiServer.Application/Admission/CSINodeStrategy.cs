using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/storage/csinode/strategy.go with ValidateCSINode/Update (pkg/apis/storage/validation/validation.go,
/// 1.32): each driver a CSI driver name at most once, with a node ID of at most 192 characters (256 once a stored
/// driver already has a longer one), a non-negative volume count and distinct qualified topology keys; a driver
/// already registered may not change, though drivers may come and go.
/// </summary>
public sealed class CSINodeStrategy(ResourceType type) : TypedStrategy<V1CSINode>(type)
{
    private const int NodeIdMaxLength = 192;
    private const int NodeIdLongerMaxLength = 256;

    protected override void Validate(V1CSINode node, FieldErrors errors) => ValidateDrivers(node, allowLongNodeId: false, errors);

    protected override void ValidateUpdate(V1CSINode node, V1CSINode old, FieldErrors errors)
    {
        // The strategy allows the longer IDs only when the stored object already has one, so no old object is refused.
        var allowLong = (old.Spec?.Drivers ?? []).Any(d => (d.NodeID ?? "").Length > NodeIdMaxLength);
        ValidateDrivers(node, allowLong, errors);
        foreach (var oldDriver in old.Spec?.Drivers ?? [])
        {
            foreach (var driver in (node.Spec?.Drivers ?? []).Where(d => d.Name == oldDriver.Name))
            {
                if (!Semantic.DeepEqual(driver, oldDriver))
                {
                    // 1.32 names the Go type, not a JSON path, as this field.
                    errors.Immutable("CSINodeDriver", DriverSyntax(driver));
                }
            }
        }
    }

    private static void ValidateDrivers(V1CSINode node, bool allowLongNodeId, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var drivers = node.Spec?.Drivers ?? [];
        for (var i = 0; i < drivers.Count; i++)
        {
            var driver = drivers[i];
            var path = $"spec.drivers[{i}]";
            CsiDriverNames.Validate(driver.Name, $"{path}.name", errors);
            ValidateNodeId(driver.NodeID ?? "", $"{path}.nodeID", allowLongNodeId, errors);
            if (driver.Allocatable?.Count is { } count && count < 0)
            {
                errors.Invalid($"{path}.allocatable.count", (long)count, "must be greater than or equal to 0");
            }
            if (!names.Add(driver.Name ?? ""))
            {
                errors.Duplicate($"{path}.name", driver.Name ?? "");
            }
            ValidateTopologyKeys(driver.TopologyKeys, path, errors);
        }
    }

    private static void ValidateNodeId(string nodeId, string path, bool allowLong, FieldErrors errors)
    {
        if (nodeId.Length == 0)
        {
            errors.Required(path);
        }
        var max = allowLong ? NodeIdLongerMaxLength : NodeIdMaxLength;
        if (nodeId.Length > max)
        {
            errors.Invalid(path, nodeId, $"must be {max} characters or less");
        }
    }

    /// <summary>validateCSINodeDriver's key loop: every error is on the driver's own path, not the key's.</summary>
    private static void ValidateTopologyKeys(IList<string>? keys, string path, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys ?? [])
        {
            if (key.Length == 0)
            {
                errors.Required(path);
            }
            if (!seen.Add(key))
            {
                errors.Duplicate(path, key);
            }
            ObjectMetaValidation.QualifiedName(errors, path, key);
        }
    }

    // %#v of a storage.CSINodeDriver. A set allocatable is a pointer, which Go prints as its address: here a fixed one.
    private static GoSyntax DriverSyntax(V1CSINodeDriver driver) => new(
        $"storage.CSINodeDriver{{Name:{GoSyntax.Quote(driver.Name ?? "")}, NodeID:{GoSyntax.Quote(driver.NodeID ?? "")}, "
        + $"TopologyKeys:{(driver.TopologyKeys is null ? "[]string(nil)" : GoSyntax.Strings(driver.TopologyKeys).Text)}, "
        + $"Allocatable:(*storage.VolumeNodeResources)({(driver.Allocatable is null ? "nil" : "0xc000000000")})}}");
}
