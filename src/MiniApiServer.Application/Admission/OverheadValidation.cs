using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// validateOverhead (pkg/apis/core/validation for a pod's spec.overhead, pkg/apis/node/validation for a RuntimeClass's
/// overhead.podFixed): both reuse ValidateResourceRequirements with the list as its limits, so the paths upstream
/// reports are <c>&lt;path&gt;.limits[cpu]</c>, not the field's own name.
/// </summary>
public static class OverheadValidation
{
    public static void Validate(IDictionary<string, ResourceQuantity>? list, string path, FieldErrors errors)
    {
        foreach (var (name, quantity) in list ?? new Dictionary<string, ResourceQuantity>())
        {
            var at = $"{path}.limits[{name}]";
            ResourceNames.ValidateForContainer(name, at, errors);
            if (quantity is null)
            {
                continue;
            }
            try
            {
                var value = quantity.ToDecimal();
                if (value < 0)
                {
                    errors.Invalid(at, BoundedQuantityConverter.Canonical(quantity), "must be greater than or equal to 0");
                }
                // ValidateResourceQuantityValue: extended resources are counted in whole units.
                if (ResourceNames.IsExtended(name) && value != decimal.Truncate(value))
                {
                    errors.Invalid(at, BoundedQuantityConverter.Canonical(quantity), "must be an integer");
                }
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                errors.Invalid(at, BoundedQuantityConverter.Canonical(quantity), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
            }
        }
    }
}
