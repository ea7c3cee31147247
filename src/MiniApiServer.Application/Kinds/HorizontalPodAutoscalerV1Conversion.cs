using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// pkg/apis/autoscaling/v1/conversion.go, v1 to v2 through the internal type: targetCPUUtilizationPercentage is the
/// Resource cpu metric with a Utilization target; everything v1 cannot say travels in the
/// autoscaling.alpha.kubernetes.io annotations (the other metrics and the current ones in v1's MetricSpec and
/// MetricStatus shapes, the conditions, and the behavior as Go marshals the internal type: field names unchanged).
/// </summary>
public sealed class HorizontalPodAutoscalerV1Conversion : IVersionConversion
{
    public const string MetricSpecsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    public const string MetricStatusesAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    public const string BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";

    private const string ServedVersion = "autoscaling/v1";
    private const string Kind = "HorizontalPodAutoscaler";
    private static readonly string[] RoundTrip = [MetricSpecsAnnotation, MetricStatusesAnnotation, ConditionsAnnotation, BehaviorAnnotation];

    public string StorageResource => "horizontalpodautoscalers.autoscaling";

    public string? FieldSelectorToStorage(string? selector) => selector;

    public JsonObject ToStorage(JsonObject served)
    {
        ServedBody.Check(served, ServedVersion, Kind);
        var result = new JsonObject { ["apiVersion"] = "autoscaling/v2", ["kind"] = Kind };
        var metadata = served["metadata"]?.DeepClone() as JsonObject;
        var annotations = metadata?["annotations"] as JsonObject;
        var spec = served["spec"] as JsonObject ?? [];
        var v2Spec = new JsonObject();
        Copy(spec, v2Spec, "scaleTargetRef", "minReplicas", "maxReplicas");
        // The annotation's metrics come first, then the one targetCPUUtilizationPercentage names.
        var metrics = new JsonArray();
        foreach (var metric in Decoded(annotations, MetricSpecsAnnotation))
        {
            metrics.Add(MetricSpecToV2(metric));
        }
        if (spec["targetCPUUtilizationPercentage"] is JsonValue cpu)
        {
            metrics.Add(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = cpu.DeepClone() } },
            });
        }
        if (metrics.Count > 0)
        {
            v2Spec["metrics"] = metrics;
        }
        if (Annotation(annotations, BehaviorAnnotation) is { } behavior && Parse(behavior) is JsonObject internalBehavior)
        {
            v2Spec["behavior"] = BehaviorFromInternal(internalBehavior);
        }
        var status = served["status"] as JsonObject ?? [];
        var v2Status = new JsonObject();
        Copy(status, v2Status, "observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas");
        // The annotation's current metrics, when there are any, replace what currentCPUUtilizationPercentage says.
        var current = new JsonArray(Decoded(annotations, MetricStatusesAnnotation).Select(m => (JsonNode?)MetricStatusToV2(m)).ToArray());
        if (current.Count == 0 && status["currentCPUUtilizationPercentage"] is JsonValue used)
        {
            current.Add(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["current"] = new JsonObject { ["averageUtilization"] = used.DeepClone() } },
            });
        }
        if (current.Count > 0)
        {
            v2Status["currentMetrics"] = current;
        }
        var conditions = new JsonArray(Decoded(annotations, ConditionsAnnotation).Select(c => c.DeepClone()).ToArray());
        if (conditions.Count > 0)
        {
            v2Status["conditions"] = conditions;
        }
        foreach (var name in RoundTrip)
        {
            annotations?.Remove(name);
        }
        if (annotations is { Count: 0 })
        {
            metadata!.Remove("annotations");
        }
        if (metadata is not null)
        {
            result["metadata"] = metadata;
        }
        result["spec"] = v2Spec;
        result["status"] = v2Status;
        return result;
    }

    public JsonObject FromStorage(JsonObject stored)
    {
        var result = new JsonObject { ["apiVersion"] = ServedVersion, ["kind"] = Kind };
        var metadata = stored["metadata"]?.DeepClone() as JsonObject ?? [];
        var annotations = metadata["annotations"] as JsonObject;
        foreach (var name in RoundTrip)
        {
            annotations?.Remove(name);
        }
        var spec = stored["spec"] as JsonObject ?? [];
        var status = stored["status"] as JsonObject ?? [];
        var v1Spec = new JsonObject();
        Copy(spec, v1Spec, "scaleTargetRef", "minReplicas", "maxReplicas");
        var others = new JsonArray();
        foreach (var metric in (spec["metrics"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (CpuUtilization(metric, "target") is { } percent)
            {
                v1Spec["targetCPUUtilizationPercentage"] ??= percent.DeepClone();
                continue;
            }
            others.Add(MetricSpecToV1(metric));
        }
        var v1Status = new JsonObject();
        Copy(status, v1Status, "observedGeneration", "lastScaleTime");
        v1Status["currentReplicas"] = status["currentReplicas"]?.DeepClone() ?? 0;
        v1Status["desiredReplicas"] = status["desiredReplicas"]?.DeepClone() ?? 0;
        var currentMetrics = (status["currentMetrics"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var metric in currentMetrics)
        {
            if (metric["type"]?.GetValue<string>() == "Resource" && metric["resource"]?["name"]?.GetValue<string>() == "cpu"
                && metric["resource"]?["current"]?["averageUtilization"] is JsonValue used)
            {
                v1Status["currentCPUUtilizationPercentage"] = used.DeepClone();
            }
        }
        var produced = new List<(string, string)>();
        if (others.Count > 0)
        {
            produced.Add((MetricSpecsAnnotation, others.ToJsonString()));
        }
        if (currentMetrics.Count > 0)
        {
            produced.Add((MetricStatusesAnnotation, new JsonArray(currentMetrics.Select(m => (JsonNode?)MetricStatusToV1(m)).ToArray()).ToJsonString()));
        }
        if (spec["behavior"] is JsonObject behavior)
        {
            produced.Add((BehaviorAnnotation, BehaviorToInternal(behavior).ToJsonString()));
        }
        if (status["conditions"] is JsonArray { Count: > 0 } conditions)
        {
            produced.Add((ConditionsAnnotation, conditions.ToJsonString()));
        }
        if (produced.Count > 0)
        {
            annotations ??= [];
            foreach (var (name, value) in produced)
            {
                annotations[name] = value;
            }
            metadata["annotations"] = annotations;
        }
        else if (annotations is { Count: 0 })
        {
            metadata.Remove("annotations");
        }
        result["metadata"] = metadata;
        result["spec"] = v1Spec;
        result["status"] = v1Status;
        return result;
    }

    private static JsonNode? CpuUtilization(JsonObject metric, string field) =>
        metric["type"]?.GetValue<string>() == "Resource" && metric["resource"]?["name"]?.GetValue<string>() == "cpu"
            ? metric["resource"]?[field]?["averageUtilization"]
            : null;

    // v1's (and v2beta1's) metric sources name targets flat: targetAverageUtilization, targetAverageValue, targetValue.
    private static JsonObject MetricSpecToV1(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric["type"]?.DeepClone() };
        if (metric["resource"] is JsonObject r)
        {
            result["resource"] = FlatResource(r, "target", "targetAverage");
        }
        if (metric["containerResource"] is JsonObject cr)
        {
            var flat = FlatResource(cr, "target", "targetAverage");
            flat["container"] = cr["container"]?.DeepClone();
            result["containerResource"] = flat;
        }
        if (metric["pods"] is JsonObject p)
        {
            result["pods"] = Without(new JsonObject
            {
                ["metricName"] = p["metric"]?["name"]?.DeepClone(),
                ["targetAverageValue"] = p["target"]?["averageValue"]?.DeepClone(),
                ["selector"] = p["metric"]?["selector"]?.DeepClone(),
            });
        }
        if (metric["object"] is JsonObject o)
        {
            result["object"] = Without(new JsonObject
            {
                ["target"] = o["describedObject"]?.DeepClone(),
                ["metricName"] = o["metric"]?["name"]?.DeepClone(),
                ["targetValue"] = o["target"]?["value"]?.DeepClone(),
                ["selector"] = o["metric"]?["selector"]?.DeepClone(),
                ["averageValue"] = o["target"]?["averageValue"]?.DeepClone(),
            });
        }
        if (metric["external"] is JsonObject e)
        {
            result["external"] = Without(new JsonObject
            {
                ["metricName"] = e["metric"]?["name"]?.DeepClone(),
                ["metricSelector"] = e["metric"]?["selector"]?.DeepClone(),
                ["targetValue"] = e["target"]?["value"]?.DeepClone(),
                ["targetAverageValue"] = e["target"]?["averageValue"]?.DeepClone(),
            });
        }
        return result;
    }

    private static JsonObject MetricStatusToV1(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric["type"]?.DeepClone() };
        if (metric["resource"] is JsonObject r)
        {
            result["resource"] = FlatResource(r, "current", "currentAverage");
        }
        if (metric["containerResource"] is JsonObject cr)
        {
            var flat = FlatResource(cr, "current", "currentAverage");
            flat["container"] = cr["container"]?.DeepClone();
            result["containerResource"] = flat;
        }
        if (metric["pods"] is JsonObject p)
        {
            result["pods"] = Without(new JsonObject
            {
                ["metricName"] = p["metric"]?["name"]?.DeepClone(),
                ["currentAverageValue"] = p["current"]?["averageValue"]?.DeepClone(),
                ["selector"] = p["metric"]?["selector"]?.DeepClone(),
            });
        }
        if (metric["object"] is JsonObject o)
        {
            result["object"] = Without(new JsonObject
            {
                ["target"] = o["describedObject"]?.DeepClone(),
                ["metricName"] = o["metric"]?["name"]?.DeepClone(),
                ["currentValue"] = o["current"]?["value"]?.DeepClone(),
                ["selector"] = o["metric"]?["selector"]?.DeepClone(),
                ["averageValue"] = o["current"]?["averageValue"]?.DeepClone(),
            });
        }
        if (metric["external"] is JsonObject e)
        {
            result["external"] = Without(new JsonObject
            {
                ["metricName"] = e["metric"]?["name"]?.DeepClone(),
                ["metricSelector"] = e["metric"]?["selector"]?.DeepClone(),
                ["currentValue"] = e["current"]?["value"]?.DeepClone(),
                ["currentAverageValue"] = e["current"]?["averageValue"]?.DeepClone(),
            });
        }
        return result;
    }

    private static JsonObject FlatResource(JsonObject source, string nested, string prefix) => Without(new JsonObject
    {
        ["name"] = source["name"]?.DeepClone(),
        [prefix + "Utilization"] = source[nested]?["averageUtilization"]?.DeepClone(),
        [prefix + "Value"] = source[nested]?["averageValue"]?.DeepClone(),
    });

    private static JsonObject MetricSpecToV2(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric["type"]?.DeepClone() };
        if (metric["resource"] is JsonObject r)
        {
            result["resource"] = new JsonObject { ["name"] = r["name"]?.DeepClone(), ["target"] = ResourceTarget(r, "targetAverage") };
        }
        if (metric["containerResource"] is JsonObject cr)
        {
            result["containerResource"] = new JsonObject
            {
                ["name"] = cr["name"]?.DeepClone(),
                ["container"] = cr["container"]?.DeepClone(),
                ["target"] = ResourceTarget(cr, "targetAverage"),
            };
        }
        if (metric["pods"] is JsonObject p)
        {
            result["pods"] = new JsonObject
            {
                ["metric"] = Identifier(p["metricName"], p["selector"]),
                ["target"] = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = p["targetAverageValue"]?.DeepClone() },
            };
        }
        if (metric["object"] is JsonObject o)
        {
            var averaged = o["averageValue"] is not null;
            result["object"] = new JsonObject
            {
                ["describedObject"] = o["target"]?.DeepClone(),
                ["metric"] = Identifier(o["metricName"], o["selector"]),
                ["target"] = Without(new JsonObject
                {
                    ["type"] = averaged ? "AverageValue" : "Value",
                    ["value"] = o["targetValue"]?.DeepClone(),
                    ["averageValue"] = o["averageValue"]?.DeepClone(),
                }),
            };
        }
        if (metric["external"] is JsonObject e)
        {
            var averaged = e["targetAverageValue"] is not null;
            result["external"] = new JsonObject
            {
                ["metric"] = Identifier(e["metricName"], e["metricSelector"]),
                ["target"] = Without(new JsonObject
                {
                    ["type"] = averaged ? "AverageValue" : "Value",
                    ["value"] = e["targetValue"]?.DeepClone(),
                    ["averageValue"] = e["targetAverageValue"]?.DeepClone(),
                }),
            };
        }
        return result;
    }

    private static JsonObject MetricStatusToV2(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric["type"]?.DeepClone() };
        if (metric["resource"] is JsonObject r)
        {
            result["resource"] = new JsonObject { ["name"] = r["name"]?.DeepClone(), ["current"] = Current(r["currentAverageUtilization"], r["currentAverageValue"], null) };
        }
        if (metric["containerResource"] is JsonObject cr)
        {
            result["containerResource"] = new JsonObject
            {
                ["name"] = cr["name"]?.DeepClone(),
                ["container"] = cr["container"]?.DeepClone(),
                ["current"] = Current(cr["currentAverageUtilization"], cr["currentAverageValue"], null),
            };
        }
        if (metric["pods"] is JsonObject p)
        {
            result["pods"] = new JsonObject { ["metric"] = Identifier(p["metricName"], p["selector"]), ["current"] = Current(null, p["currentAverageValue"], null) };
        }
        if (metric["object"] is JsonObject o)
        {
            result["object"] = new JsonObject
            {
                ["describedObject"] = o["target"]?.DeepClone(),
                ["metric"] = Identifier(o["metricName"], o["selector"]),
                ["current"] = Current(null, o["averageValue"], o["currentValue"]),
            };
        }
        if (metric["external"] is JsonObject e)
        {
            result["external"] = new JsonObject
            {
                ["metric"] = Identifier(e["metricName"], e["metricSelector"]),
                ["current"] = Current(null, e["currentAverageValue"], e["currentValue"]),
            };
        }
        return result;
    }

    private static JsonObject ResourceTarget(JsonObject flat, string prefix) =>
        flat[prefix + "Utilization"] is { } utilization
            ? new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = utilization.DeepClone() }
            : Without(new JsonObject { ["type"] = "AverageValue", ["averageValue"] = flat[prefix + "Value"]?.DeepClone() });

    private static JsonObject Current(JsonNode? utilization, JsonNode? average, JsonNode? value) => Without(new JsonObject
    {
        ["value"] = value?.DeepClone(),
        ["averageValue"] = average?.DeepClone(),
        ["averageUtilization"] = utilization?.DeepClone(),
    });

    private static JsonObject Identifier(JsonNode? name, JsonNode? selector) =>
        Without(new JsonObject { ["name"] = name?.DeepClone(), ["selector"] = selector?.DeepClone() });

    // The internal HorizontalPodAutoscalerBehavior has no json tags: Go's encoder writes its field names as they are,
    // and a nil pointer as null.
    private static JsonObject BehaviorToInternal(JsonObject behavior)
    {
        JsonNode? Rules(JsonNode? rules) => rules is JsonObject r
            ? new JsonObject
            {
                ["StabilizationWindowSeconds"] = r["stabilizationWindowSeconds"]?.DeepClone(),
                ["SelectPolicy"] = r["selectPolicy"]?.DeepClone(),
                ["Policies"] = r["policies"] is JsonArray policies
                    ? new JsonArray(policies.OfType<JsonObject>().Select(p => (JsonNode?)new JsonObject
                    {
                        ["Type"] = p["type"]?.DeepClone(),
                        ["Value"] = p["value"]?.DeepClone(),
                        ["PeriodSeconds"] = p["periodSeconds"]?.DeepClone(),
                    }).ToArray())
                    : null,
            }
            : null;
        return new JsonObject { ["ScaleUp"] = Rules(behavior["scaleUp"]), ["ScaleDown"] = Rules(behavior["scaleDown"]) };
    }

    private static JsonObject BehaviorFromInternal(JsonObject behavior)
    {
        JsonNode? Rules(JsonNode? rules) => rules is JsonObject r
            ? Without(new JsonObject
            {
                ["stabilizationWindowSeconds"] = r["StabilizationWindowSeconds"]?.DeepClone(),
                ["selectPolicy"] = r["SelectPolicy"]?.DeepClone(),
                ["policies"] = r["Policies"] is JsonArray policies
                    ? new JsonArray(policies.OfType<JsonObject>().Select(p => (JsonNode?)new JsonObject
                    {
                        ["type"] = p["Type"]?.DeepClone(),
                        ["value"] = p["Value"]?.DeepClone(),
                        ["periodSeconds"] = p["PeriodSeconds"]?.DeepClone(),
                    }).ToArray())
                    : null,
            })
            : null;
        return Without(new JsonObject { ["scaleUp"] = Rules(behavior["ScaleUp"]), ["scaleDown"] = Rules(behavior["ScaleDown"]) });
    }

    /// <summary>Go's omitempty on pointers: the nulls left by absent fields are dropped.</summary>
    private static JsonObject Without(JsonObject obj)
    {
        foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(name);
        }
        return obj;
    }

    private static void Copy(JsonObject from, JsonObject to, params string[] names)
    {
        foreach (var name in names)
        {
            if (from.TryGetPropertyValue(name, out var value))
            {
                to[name] = value?.DeepClone();
            }
        }
    }

    private static string? Annotation(JsonObject? annotations, string name) =>
        annotations?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // A round-trip annotation that does not parse is ignored, as upstream's json.Unmarshal error branch does.
    private static IEnumerable<JsonObject> Decoded(JsonObject? annotations, string name) =>
        Annotation(annotations, name) is { } text && Parse(text) is JsonArray items ? items.OfType<JsonObject>() : [];

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
