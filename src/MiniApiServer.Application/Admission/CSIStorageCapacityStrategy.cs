using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/storage/csistoragecapacity/strategy.go with ValidateCSIStorageCapacity/Update
/// (pkg/apis/storage/validation/validation.go, 1.32): a node topology selector, a storage class name that is a DNS
/// subdomain and a non-negative capacity; the topology and class (the inputs of CSI GetCapacity) never change.
/// </summary>
public sealed class CSIStorageCapacityStrategy(ResourceType type) : TypedStrategy<V1CSIStorageCapacity>(type)
{
    protected override void Validate(V1CSIStorageCapacity capacity, FieldErrors errors) => Validate(capacity, allowInvalidLabelValues: false, errors);

    protected override void ValidateUpdate(V1CSIStorageCapacity capacity, V1CSIStorageCapacity old, FieldErrors errors)
    {
        // The strategy lets selector label values through that it would now refuse when the stored selector already fails.
        var allowInvalid = HasInvalidLabelValue(old.NodeTopology);
        Validate(capacity, allowInvalid, errors);
        if (!Semantic.DeepEqual(capacity.NodeTopology, old.NodeTopology))
        {
            errors.Immutable("nodeTopology", GoSyntax.LabelSelector(capacity.NodeTopology));
        }
        if (capacity.StorageClassName != old.StorageClassName)
        {
            errors.Immutable("storageClassName", capacity.StorageClassName ?? "");
        }
    }

    private static void Validate(V1CSIStorageCapacity capacity, bool allowInvalidLabelValues, FieldErrors errors)
    {
        LabelSelectorValidation.Validate(capacity.NodeTopology, "nodeTopology", errors, allowInvalidLabelValues);
        var className = capacity.StorageClassName ?? "";
        foreach (var message in ObjectMetaValidation.SubdomainErrors(className))
        {
            errors.Invalid("storageClassName", className, message);
        }
        if (capacity.Capacity is { } quantity && QuantityMath.Exact(quantity) < 0)
        {
            errors.Invalid("capacity", QuantityMath.Text(quantity), "must be greater than or equal to 0");
        }
    }

    // hasInvalidLabelValueInLabelSelector: any error of the strict check on the stored selector, not only a value's.
    private static bool HasInvalidLabelValue(V1LabelSelector? selector)
    {
        var errors = new FieldErrors();
        LabelSelectorValidation.Validate(selector, "nodeTopology", errors, allowInvalidValues: false);
        return errors.Any;
    }
}
