using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/configmap/strategy.go with pkg/apis/core/validation ValidateConfigMap and ValidateConfigMapUpdate:
/// keys are file names (<see cref="ConfigMapKeys"/>), a key lives in data or binaryData but not both, the values fit
/// 1 MiB, and once a ConfigMap is immutable its data, binaryData and the flag itself never change.
/// </summary>
public sealed class ConfigMapStrategy(ResourceType type) : TypedStrategy<V1ConfigMap>(type)
{
    protected override void Validate(V1ConfigMap obj, FieldErrors errors)
    {
        ConfigMapKeys.Validate("data", obj.Data?.Keys, errors);
        if (obj.Data is not null && obj.BinaryData is not null)
        {
            foreach (var key in obj.Data.Keys.Where(obj.BinaryData.ContainsKey).Order(StringComparer.Ordinal))
            {
                errors.Invalid($"data[{key}]", key, "duplicate of key present in binaryData");
            }
        }
        ConfigMapKeys.Validate("binaryData", obj.BinaryData?.Keys, errors);
        if (ConfigMapKeys.Size(obj.Data) + ConfigMapKeys.Size(obj.BinaryData) > ConfigMapKeys.MaxTotalBytes)
        {
            // Upstream passes the empty path: the error is about the whole object.
            errors.TooLong("", ConfigMapKeys.MaxTotalBytes);
        }
    }

    protected override void ValidateUpdate(V1ConfigMap obj, V1ConfigMap old, FieldErrors errors)
    {
        if (old.Immutable == true)
        {
            if (obj.Immutable != true)
            {
                errors.Forbidden("immutable", ImmutableData.Message);
            }
            if (!ImmutableData.Same(obj.Data, old.Data))
            {
                errors.Forbidden("data", ImmutableData.Message);
            }
            if (!ImmutableData.Same(obj.BinaryData, old.BinaryData))
            {
                errors.Forbidden("binaryData", ImmutableData.Message);
            }
        }
        Validate(obj, errors);
    }
}
