using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// computeReplicasForMetric per metric type (horizontal.go, 1.32): a replica proposal, the metric's name for the
/// rescale reason, and its status for status.currentMetrics. Resource and ContainerResource metrics are read from
/// metrics.k8s.io; this cluster serves no custom.metrics.k8s.io or external.metrics.k8s.io, so Pods, Object and
/// External metrics fail as they do upstream without an adapter.
/// </summary>
public static class MetricProposals
{
    private const string NoCustomMetrics = "unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered";

    public static (int Replicas, string Name, V2MetricStatus Status) Compute(V2MetricSpec spec, int current, V2HorizontalPodAutoscaler hpa,
        IReadOnlyList<V1Pod> pods, HpaTuning tuning, DateTimeOffset now)
    {
        var ns = hpa.Metadata.NamespaceProperty ?? "";
        switch (spec.Type)
        {
            case "Resource" when spec.Resource is { } resource:
                try
                {
                    var (replicas, name, measured) = ResourceMetric(resource.Name, null, resource.Target, current, pods, tuning, now);
                    return (replicas, name, new V2MetricStatus { Type = "Resource", Resource = new V2ResourceMetricStatus { Name = resource.Name, Current = measured } });
                }
                catch (MetricException ex)
                {
                    throw new MetricFailure("FailedGetResourceMetric", ex.Message, $"failed to get {resource.Name} resource metric value: {ex.Message}");
                }
            case "ContainerResource" when spec.ContainerResource is { } container:
                try
                {
                    var (replicas, name, measured) = ResourceMetric(container.Name, container.Container, container.Target, current, pods, tuning, now);
                    var status = new V2ContainerResourceMetricStatus { Name = container.Name, Container = container.Container, Current = measured };
                    return (replicas, name, new V2MetricStatus { Type = "ContainerResource", ContainerResource = status });
                }
                catch (MetricException ex)
                {
                    throw new MetricFailure("FailedGetContainerResourceMetric", ex.Message, $"failed to get {container.Container} container metric value: {ex.Message}");
                }
            case "Pods" when spec.Pods is { } podsMetric:
                {
                    var inner = $"unable to get metric {podsMetric.Metric?.Name}: {NoCustomMetrics}";
                    throw new MetricFailure("FailedGetPodsMetric", inner, $"failed to get pods metric value: {inner}");
                }
            case "Object" when spec.ObjectProperty is { } obj:
                {
                    // GetObjectMetricReplicas' format takes the kind, namespace and name before the error it was written
                    // to follow, so upstream's text reads "...: Ingress on default main/<error>".
                    var inner = $"unable to get metric {obj.Metric?.Name}: {obj.DescribedObject?.Kind} on {ns} {obj.DescribedObject?.Name}/{NoCustomMetrics}";
                    var perPod = obj.Target?.Type == "AverageValue" && obj.Target.AverageValue is not null;
                    var wrapped = perPod ? $"failed to get {obj.Metric?.Name} object metric: {inner}" : inner;
                    throw new MetricFailure("FailedGetObjectMetric", inner, $"failed to get object metric value: {wrapped}");
                }
            case "External" when spec.External is { } external:
                {
                    var name = external.Metric?.Name;
                    var inner = $"unable to get external metric {ns}/{name}/{GoSelector(external.Metric?.Selector)}: "
                        + $"unable to fetch metrics from external metrics API: the server could not find the requested resource (get {name}.external.metrics.k8s.io)";
                    var perPod = external.Target?.Type == "AverageValue" && external.Target.AverageValue is not null;
                    var wrapped = perPod ? $"failed to get {name} external metric: {inner}" : $"failed to get external metric {name}: {inner}";
                    throw new MetricFailure("FailedGetExternalMetric", inner, $"failed to get {name} external metric value: {wrapped}");
                }
            default:
                {
                    var inner = $"unknown metric source type \"{spec.Type}\"";
                    throw new MetricFailure("InvalidMetricSourceType", inner, inner);
                }
        }
    }

    /// <summary>computeStatusForResourceMetricGeneric: an AverageValue target in milli-units per pod, else a Utilization one in percent of requests.</summary>
    private static (int, string, V2MetricValueStatus) ResourceMetric(string resource, string? container, V2MetricTarget target, int current,
        IReadOnlyList<V1Pod> pods, HpaTuning tuning, DateTimeOffset now)
    {
        if (target.AverageValue is { } averageValue)
        {
            ResourceProposal proposal;
            try
            {
                var metrics = Fetch(pods, resource, container, now);
                proposal = ReplicaCalculator.RawResourceReplicas(current, QuantityMath.MilliValue(averageValue), resource, pods, metrics, tuning, now);
            }
            catch (MetricException ex)
            {
                throw new MetricException($"failed to get {resource} usage: {ex.Message}");
            }
            // Upstream names an AverageValue target "<resource> resource" for containers too.
            return (proposal.Replicas, $"{resource} resource", new V2MetricValueStatus { AverageValue = MilliQuantity(proposal.RawAverage) });
        }
        if (target.AverageUtilization is not { } utilization)
        {
            throw new MetricException("invalid resource metric source: neither an average utilization target nor an average value (usage) target was set");
        }
        try
        {
            var metrics = Fetch(pods, resource, container, now);
            var proposal = ReplicaCalculator.ResourceReplicas(current, utilization, resource, container, pods, metrics, tuning, now);
            var label = container is null ? $"{resource} resource" : $"{resource} container resource";
            return (proposal.Replicas, $"{label} utilization (percentage of request)",
                new V2MetricValueStatus { AverageUtilization = proposal.Utilization, AverageValue = MilliQuantity(proposal.RawAverage) });
        }
        catch (MetricException ex)
        {
            throw new MetricException($"failed to get {resource} utilization: {ex.Message}");
        }
    }

    // GetResourceReplicas wraps what the metrics client says; the pod checks after it speak for themselves.
    private static Dictionary<string, PodMetric> Fetch(IReadOnlyList<V1Pod> pods, string resource, string? container, DateTimeOffset now)
    {
        try
        {
            return PodResourceMetrics.For(pods, resource, container, now);
        }
        catch (MetricException ex)
        {
            throw new MetricException($"unable to get metrics for resource {resource}: {ex.Message}");
        }
    }

    /// <summary>resource.NewMilliQuantity(v, DecimalSI) as Go prints it: whole units when exact, else milli, else an SI suffix.</summary>
    public static ResourceQuantity MilliQuantity(long milli) => new(MilliText(milli));

    public static string MilliText(long milli)
    {
        if (milli % 1000 != 0)
        {
            return $"{milli}m";
        }
        var units = milli / 1000;
        foreach (var (suffix, factor) in new[] { ("E", 1_000_000_000_000_000_000L), ("P", 1_000_000_000_000_000L), ("T", 1_000_000_000_000L), ("G", 1_000_000_000L), ("M", 1_000_000L), ("k", 1_000L) })
        {
            if (units != 0 && units % factor == 0)
            {
                return $"{units / factor}{suffix}";
            }
        }
        return units.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // metav1.LabelSelector's generated String(), which %+v prints; a nil selector prints as nil.
    private static string GoSelector(V1LabelSelector? selector) =>
        selector is null ? "nil" : $"&LabelSelector{{MatchLabels:map[string]string{{{string.Join(",", (selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}"))}}},MatchExpressions:[]LabelSelectorRequirement{{}},}}";
}
