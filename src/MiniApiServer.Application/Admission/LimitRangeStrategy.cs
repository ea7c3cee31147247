using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/limitrange/strategy.go with SetDefaults_LimitRangeItem (pkg/apis/core/v1/defaults.go) and
/// ValidateLimitRange (pkg/apis/core/validation/validation.go). Upstream walks each item's maps in Go's random order;
/// here resource names are sorted, so a body's errors come in one order.
/// </summary>
public sealed class LimitRangeStrategy(ResourceType type) : TypedStrategy<V1LimitRange>(type)
{
    public const string Pod = "Pod";
    public const string Container = "Container";
    public const string PersistentVolumeClaim = "PersistentVolumeClaim";

    protected override void PrepareForCreate(V1LimitRange obj, DateTimeOffset now) => SetDefaults(obj);

    protected override void PrepareForUpdate(V1LimitRange obj, V1LimitRange old, bool statusOnly) => SetDefaults(obj);

    /// <summary>
    /// A Container item's default limit is its max where unset; its default request is its default limit, else its min.
    /// </summary>
    private static void SetDefaults(V1LimitRange obj)
    {
        foreach (var item in obj.Spec?.Limits ?? [])
        {
            if (item?.Type != Container)
            {
                continue;
            }
            item.DefaultProperty ??= new Dictionary<string, ResourceQuantity>();
            item.DefaultRequest ??= new Dictionary<string, ResourceQuantity>();
            foreach (var (k, v) in item.Max ?? new Dictionary<string, ResourceQuantity>())
            {
                item.DefaultProperty.TryAdd(k, v);
            }
            foreach (var (k, v) in item.DefaultProperty)
            {
                item.DefaultRequest.TryAdd(k, v);
            }
            foreach (var (k, v) in item.Min ?? new Dictionary<string, ResourceQuantity>())
            {
                item.DefaultRequest.TryAdd(k, v);
            }
            // Go's omitempty leaves an empty map out of the stored object.
            item.DefaultProperty = item.DefaultProperty.Count == 0 ? null : item.DefaultProperty;
            item.DefaultRequest = item.DefaultRequest.Count == 0 ? null : item.DefaultRequest;
        }
    }

    protected override void Validate(V1LimitRange obj, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var limits = obj.Spec?.Limits ?? [];
        for (var i = 0; i < limits.Count; i++)
        {
            var item = limits[i] ?? new V1LimitRangeItem();
            var at = $"spec.limits[{i}]";
            var limitType = item.Type ?? "";
            TypeName(limitType, $"{at}.type", errors);
            if (!seen.Add(limitType))
            {
                errors.Duplicate($"{at}.type", limitType);
            }
            var keys = new SortedSet<string>(StringComparer.Ordinal);
            Names(limitType, item.Max, $"{at}.max", keys, errors);
            Names(limitType, item.Min, $"{at}.min", keys, errors);
            if (limitType == Pod)
            {
                if (item.DefaultProperty is { Count: > 0 })
                {
                    errors.Forbidden($"{at}.default", "may not be specified when `type` is 'Pod'");
                }
                if (item.DefaultRequest is { Count: > 0 })
                {
                    errors.Forbidden($"{at}.defaultRequest", "may not be specified when `type` is 'Pod'");
                }
            }
            else
            {
                Names(limitType, item.DefaultProperty, $"{at}.default", keys, errors);
                Names(limitType, item.DefaultRequest, $"{at}.defaultRequest", keys, errors);
            }
            if (limitType == PersistentVolumeClaim && item.Min?.ContainsKey("storage") != true && item.Max?.ContainsKey("storage") != true)
            {
                errors.Required($"{at}.limits", "either minimum or maximum storage value is required, but neither was provided");
            }
            Names(limitType, item.MaxLimitRequestRatio, $"{at}.maxLimitRequestRatio", keys, errors);
            foreach (var k in keys)
            {
                Consistency(item, k, at, errors);
            }
        }
    }

    private static void Consistency(V1LimitRangeItem item, string k, string at, FieldErrors errors)
    {
        var min = Get(item.Min, k);
        var max = Get(item.Max, k);
        var dflt = Get(item.DefaultProperty, k);
        var request = Get(item.DefaultRequest, k);
        var ratio = Get(item.MaxLimitRequestRatio, k);
        if (min is not null && max is not null && QuantityMath.Compare(min, max) > 0)
        {
            errors.Invalid($"{at}.min[{k}]", QuantityMath.Text(min), $"min value {QuantityMath.Text(min)} is greater than max value {QuantityMath.Text(max)}");
        }
        if (request is not null && min is not null && QuantityMath.Compare(min, request) > 0)
        {
            errors.Invalid($"{at}.defaultRequest[{k}]", QuantityMath.Text(request), $"min value {QuantityMath.Text(min)} is greater than default request value {QuantityMath.Text(request)}");
        }
        if (request is not null && max is not null && QuantityMath.Compare(request, max) > 0)
        {
            errors.Invalid($"{at}.defaultRequest[{k}]", QuantityMath.Text(request), $"default request value {QuantityMath.Text(request)} is greater than max value {QuantityMath.Text(max)}");
        }
        if (request is not null && dflt is not null && QuantityMath.Compare(request, dflt) > 0)
        {
            errors.Invalid($"{at}.defaultRequest[{k}]", QuantityMath.Text(request), $"default request value {QuantityMath.Text(request)} is greater than default limit value {QuantityMath.Text(dflt)}");
        }
        if (dflt is not null && min is not null && QuantityMath.Compare(min, dflt) > 0)
        {
            errors.Invalid($"{at}.default[{k}]", QuantityMath.Text(min), $"min value {QuantityMath.Text(min)} is greater than default value {QuantityMath.Text(dflt)}");
        }
        if (dflt is not null && max is not null && QuantityMath.Compare(dflt, max) > 0)
        {
            // Upstream names the max as the bad value here.
            errors.Invalid($"{at}.default[{k}]", QuantityMath.Text(max), $"default value {QuantityMath.Text(dflt)} is greater than max value {QuantityMath.Text(max)}");
        }
        if (ratio is not null && QuantityMath.Exact(ratio) < 1)
        {
            errors.Invalid($"{at}.maxLimitRequestRatio[{k}]", QuantityMath.Text(ratio), $"ratio {QuantityMath.Text(ratio)} is less than 1");
        }
        if (ratio is not null && min is not null && max is not null)
        {
            double ratioValue = QuantityMath.Value(ratio);
            var minValue = QuantityMath.Value(min);
            var maxValue = QuantityMath.Value(max);
            if (QuantityMath.Value(ratio) < QuantityMath.MaxMilliValue && minValue < QuantityMath.MaxMilliValue && maxValue < QuantityMath.MaxMilliValue)
            {
                ratioValue = QuantityMath.MilliValue(ratio) / 1000.0;
                minValue = QuantityMath.MilliValue(min);
                maxValue = QuantityMath.MilliValue(max);
            }
            var ratioLimit = (double)maxValue / minValue;
            if (ratioValue > ratioLimit)
            {
                errors.Invalid($"{at}.maxLimitRequestRatio[{k}]", QuantityMath.Text(ratio), $"ratio {QuantityMath.Text(ratio)} is greater than max/min = {GoFloat(ratioLimit)}");
            }
        }
        // Resources that cannot be overcommitted (hugepages, extended resources) must default request and limit alike.
        if (!ResourceNames.IsOvercommitAllowed(k) && dflt is not null && request is not null && QuantityMath.Compare(dflt, request) != 0)
        {
            errors.Invalid($"{at}.defaultRequest[{k}]", QuantityMath.Text(request), $"default value {QuantityMath.Text(dflt)} must equal to defaultRequest value {QuantityMath.Text(request)} in {k}");
        }
    }

    /// <summary>Go's %f: six decimals, +Inf for a division by zero.</summary>
    public static string GoFloat(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNaN(value) ? "NaN" : value.ToString("F6", System.Globalization.CultureInfo.InvariantCulture);

    private static ResourceQuantity? Get(IDictionary<string, ResourceQuantity>? map, string key) =>
        map is not null && map.TryGetValue(key, out var q) ? q : null;

    private static void Names(string limitType, IDictionary<string, ResourceQuantity>? map, string path, SortedSet<string> keys, FieldErrors errors)
    {
        foreach (var k in (map?.Keys ?? []).Order(StringComparer.Ordinal))
        {
            if (limitType is Pod or Container)
            {
                ResourceNames.ValidateForContainer(k, $"{path}[{k}]", errors);
            }
            else
            {
                ResourceNames.Validate(k, $"{path}[{k}]", errors);
            }
            keys.Add(k);
        }
    }

    // validateLimitRangeTypeName: a qualified name, and Pod, Container or PersistentVolumeClaim unless it has a domain.
    private static void TypeName(string value, string path, FieldErrors errors)
    {
        var before = errors.Count;
        ObjectMetaValidation.QualifiedName(errors, path, value);
        if (errors.Count == before && !value.Contains('/', StringComparison.Ordinal) && value is not (Pod or Container or PersistentVolumeClaim))
        {
            errors.Invalid(path, value, "must be a standard limit type or fully qualified");
        }
    }
}
