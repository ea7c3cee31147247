using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/storage/storageclass/strategy.go, SetDefaults_StorageClass (pkg/apis/storage/v1/defaults.go) and
/// ValidateStorageClass/Update (pkg/apis/storage/validation/validation.go): a qualified provisioner, bounded
/// parameters, Delete or Retain, a binding mode, and none of those four changed after creation.
/// </summary>
public sealed class StorageClassStrategy(ResourceType type) : TypedStrategy<V1StorageClass>(type)
{
    private const int MaxParameters = 512;
    private const int MaxParametersSize = 256 * (1 << 10);
    private static readonly string[] ReclaimPolicies = ["Delete", "Retain"];
    private static readonly string[] BindingModes = [StorageClasses.Immediate, StorageClasses.WaitForFirstConsumer];

    protected override void PrepareForCreate(V1StorageClass storageClass, DateTimeOffset now) => Default(storageClass);

    protected override void PrepareForUpdate(V1StorageClass storageClass, V1StorageClass old, bool statusOnly) => Default(storageClass);

    protected override void Validate(V1StorageClass storageClass, FieldErrors errors)
    {
        var provisioner = storageClass.Provisioner ?? "";
        if (provisioner.Length == 0)
        {
            errors.Required("provisioner");
        }
        else
        {
            ObjectMetaValidation.QualifiedName(errors, "provisioner", provisioner.ToLowerInvariant());
        }
        ValidateParameters(storageClass.Parameters, errors);
        if (storageClass.ReclaimPolicy is { Length: > 0 } policy && !ReclaimPolicies.Contains(policy))
        {
            errors.NotSupported("reclaimPolicy", policy, ReclaimPolicies);
        }
        if (storageClass.VolumeBindingMode is not { } mode)
        {
            errors.Required("volumeBindingMode");
        }
        else if (!BindingModes.Contains(mode))
        {
            errors.NotSupported("volumeBindingMode", mode, BindingModes);
        }
        ValidateAllowedTopologies(storageClass.AllowedTopologies, errors);
    }

    /// <summary>The strategy's ValidateUpdate: every create rule, then ValidateStorageClassUpdate's parameters, provisioner, reclaim policy and binding mode fixed.</summary>
    protected override void ValidateUpdate(V1StorageClass storageClass, V1StorageClass old, FieldErrors errors)
    {
        Validate(storageClass, errors);
        if (!Semantic.DeepEqual(Normalized(storageClass.Parameters), Normalized(old.Parameters)))
        {
            errors.Forbidden("parameters", "updates to parameters are forbidden.");
        }
        if (storageClass.Provisioner != old.Provisioner)
        {
            errors.Forbidden("provisioner", "updates to provisioner are forbidden.");
        }
        if (storageClass.ReclaimPolicy != old.ReclaimPolicy)
        {
            errors.Forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden.");
        }
        if (storageClass.VolumeBindingMode != old.VolumeBindingMode)
        {
            errors.Immutable("volumeBindingMode", storageClass.VolumeBindingMode);
        }
    }

    private static void Default(V1StorageClass storageClass)
    {
        storageClass.ReclaimPolicy ??= "Delete";
        storageClass.VolumeBindingMode ??= StorageClasses.Immediate;
    }

    // reflect.DeepEqual of two Go maps: a nil and an empty one differ, but neither survives the JSON round trip as
    // anything but absent, so both are treated as absent here.
    private static IDictionary<string, string>? Normalized(IDictionary<string, string>? parameters) => parameters is { Count: > 0 } ? parameters : null;

    private static void ValidateParameters(IDictionary<string, string>? parameters, FieldErrors errors)
    {
        if (parameters is null)
        {
            return;
        }
        if (parameters.Count > MaxParameters)
        {
            errors.TooLong("parameters", MaxParameters);
            return;
        }
        long size = 0;
        foreach (var (key, value) in parameters)
        {
            if (key.Length == 0)
            {
                errors.Invalid("parameters", key, "field can not be empty.");
            }
            size += key.Length + (value?.Length ?? 0);
        }
        if (size > MaxParametersSize)
        {
            errors.TooLong("parameters", MaxParametersSize);
        }
    }

    /// <summary>validateAllowedTopologies through ValidateTopologySelectorTerm: qualified keys, at least one value each, no repeated term.</summary>
    private static void ValidateAllowedTopologies(IList<V1TopologySelectorTerm>? terms, FieldErrors errors)
    {
        if (terms is null)
        {
            return;
        }
        var seen = new List<Dictionary<string, HashSet<string>>>();
        for (var i = 0; i < terms.Count; i++)
        {
            var expressions = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var list = terms[i]?.MatchLabelExpressions ?? [];
            for (var j = 0; j < list.Count; j++)
            {
                var path = $"allowedTopologies[{i}].matchLabelExpressions[{j}]";
                var key = list[j].Key ?? "";
                ObjectMetaValidation.QualifiedName(errors, $"{path}.key", key);
                if ((list[j].Values?.Count ?? 0) == 0)
                {
                    errors.Required($"{path}.values", "must specify as least one value");
                }
                if (!expressions.TryAdd(key, [.. list[j].Values ?? []]))
                {
                    errors.Duplicate($"{path}.key", key);
                }
            }
            if (seen.Any(other => other.Count == expressions.Count && other.All(e => expressions.TryGetValue(e.Key, out var v) && v.SetEquals(e.Value))))
            {
                errors.Duplicate($"allowedTopologies[{i}].matchLabelExpressions", "");
            }
            seen.Add(expressions);
        }
    }
}
