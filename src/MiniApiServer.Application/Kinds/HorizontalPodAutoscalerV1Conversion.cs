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
    /// <summary>The annotations that carry v2 fields through v1, which no stored object keeps.</summary>
    public static readonly IReadOnlyList<string> RoundTripAnnotations = [MetricSpecsAnnotation, MetricStatusesAnnotation, ConditionsAnnotation, BehaviorAnnotation];

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
        if (Annotation(annotations, BehaviorAnnotation) is { } behavior && Parse(behavior) is JsonObject internalBehavior
            && BehaviorFromInternal(internalBehavior) is { Count: > 0 } converted)
        {
            // Upstream keeps a decoded behavior only when it is not the zero value.
            v2Spec["behavior"] = converted;
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
        foreach (var name in RoundTripAnnotations)
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
        foreach (var name in RoundTripAnnotations)
        {
            annotations?.Remove(name);
        }
        var spec = stored["spec"] as JsonObject ?? [];
        var status = stored["status"] as JsonObject ?? [];
        var v1Spec = new JsonObject();
        Copy(spec, v1Spec, "scaleTargetRef", "minReplicas", "maxReplicas");
        var others = new JsonArray();
        var cpuSeen = false;
        foreach (var metric in (spec["metrics"] as JsonArray ?? []).OfType<JsonObject>())
        {
            // The first cpu Resource metric decides targetCPUUtilizationPercentage (unset unless it is a Utilization
            // target); every cpu Utilization metric is left out of the annotation.
            var isCpu = metric["type"]?.GetValue<string>() == "Resource" && metric["resource"]?["name"]?.GetValue<string>() == "cpu";
            var percent = isCpu ? metric["resource"]?["target"]?["averageUtilization"] : null;
            if (isCpu && !cpuSeen)
            {
                cpuSeen = true;
                if (percent is not null)
                {
                    v1Spec["targetCPUUtilizationPercentage"] = percent.DeepClone();
                }
            }
            if (percent is null)
            {
                others.Add(MetricSpecToV1(metric));
            }
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
            produced.Add((ConditionsAnnotation, new JsonArray(conditions.OfType<JsonObject>().Select(c => (JsonNode?)ConditionToV1(c)).ToArray()).ToJsonString()));
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

    // v1's (and v2beta1's) metric sources name targets flat: targetAverageUtilization, targetAverageValue, targetValue.
    // Fields are written in the Go structs' order, and the non-pointer quantities always, as encoding/json does.
    private static JsonObject MetricSpecToV1(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric["type"]?.DeepClone() };
        if (metric["object"] is JsonObject o)
        {
            result["object"] = Without(new JsonObject
            {
                ["target"] = Reference(o["describedObject"]),
                ["metricName"] = Text(o["metric"]?["name"]),
                ["targetValue"] = Quantity(o["target"]?["value"]),
                ["selector"] = Selector(o["metric"]?["selector"]),
                ["averageValue"] = o["target"]?["averageValue"]?.DeepClone(),
            });
        }
        if (metric["pods"] is JsonObject p)
        {
            result["pods"] = Without(new JsonObject
            {
                ["metricName"] = Text(p["metric"]?["name"]),
                ["targetAverageValue"] = Quantity(p["target"]?["averageValue"]),
                ["selector"] = Selector(p["metric"]?["selector"]),
            });
        }
        if (metric["resource"] is JsonObject r)
        {
            result["resource"] = Without(new JsonObject
            {
                ["name"] = Text(r["name"]),
                ["targetAverageUtilization"] = r["target"]?["averageUtilization"]?.DeepClone(),
                ["targetAverageValue"] = r["target"]?["averageValue"]?.DeepClone(),
            });
        }
        if (metric["containerResource"] is JsonObject cr)
        {
            result["containerResource"] = Without(new JsonObject
            {
                ["name"] = Text(cr["name"]),
                ["targetAverageUtilization"] = cr["target"]?["averageUtilization"]?.DeepClone(),
                ["targetAverageValue"] = cr["target"]?["averageValue"]?.DeepClone(),
                ["container"] = Text(cr["container"]),
            });
        }
        if (metric["external"] is JsonObject e)
        {
            result["external"] = Without(new JsonObject
            {
                ["metricName"] = Text(e["metric"]?["name"]),
                ["metricSelector"] = Selector(e["metric"]?["selector"]),
                ["targetValue"] = e["target"]?["value"]?.DeepClone(),
                ["targetAverageValue"] = e["target"]?["averageValue"]?.DeepClone(),
            });
        }
        return result;
    }

    private static JsonObject MetricStatusToV1(JsonObject metric)
    {
        var result = new JsonObject { ["type"] = metric["type"]?.DeepClone() };
        if (metric["object"] is JsonObject o)
        {
            result["object"] = Without(new JsonObject
            {
                ["target"] = Reference(o["describedObject"]),
                ["metricName"] = Text(o["metric"]?["name"]),
                ["currentValue"] = Quantity(o["current"]?["value"]),
                ["selector"] = Selector(o["metric"]?["selector"]),
                ["averageValue"] = o["current"]?["averageValue"]?.DeepClone(),
            });
        }
        if (metric["pods"] is JsonObject p)
        {
            result["pods"] = Without(new JsonObject
            {
                ["metricName"] = Text(p["metric"]?["name"]),
                ["currentAverageValue"] = Quantity(p["current"]?["averageValue"]),
                ["selector"] = Selector(p["metric"]?["selector"]),
            });
        }
        if (metric["resource"] is JsonObject r)
        {
            result["resource"] = Without(new JsonObject
            {
                ["name"] = Text(r["name"]),
                ["currentAverageUtilization"] = r["current"]?["averageUtilization"]?.DeepClone(),
                ["currentAverageValue"] = Quantity(r["current"]?["averageValue"]),
            });
        }
        if (metric["containerResource"] is JsonObject cr)
        {
            result["containerResource"] = Without(new JsonObject
            {
                ["name"] = Text(cr["name"]),
                ["currentAverageUtilization"] = cr["current"]?["averageUtilization"]?.DeepClone(),
                ["currentAverageValue"] = Quantity(cr["current"]?["averageValue"]),
                ["container"] = Text(cr["container"]),
            });
        }
        if (metric["external"] is JsonObject e)
        {
            result["external"] = Without(new JsonObject
            {
                ["metricName"] = Text(e["metric"]?["name"]),
                ["metricSelector"] = Selector(e["metric"]?["selector"]),
                ["currentValue"] = Quantity(e["current"]?["value"]),
                ["currentAverageValue"] = e["current"]?["averageValue"]?.DeepClone(),
            });
        }
        return result;
    }

    /// <summary>A v1 HorizontalPodAutoscalerCondition in its struct's order; a zero lastTransitionTime is metav1.Time's null.</summary>
    private static JsonObject ConditionToV1(JsonObject c) => Without(new JsonObject
    {
        ["type"] = Text(c["type"]),
        ["status"] = Text(c["status"]),
        ["lastTransitionTime"] = c["lastTransitionTime"]?.DeepClone(),
        ["reason"] = c["reason"]?.DeepClone(),
        ["message"] = c["message"]?.DeepClone(),
    }, keep: "lastTransitionTime");

    private static JsonObject? Reference(JsonNode? reference) => reference is JsonObject r
        ? Without(new JsonObject { ["kind"] = Text(r["kind"]), ["name"] = Text(r["name"]), ["apiVersion"] = r["apiVersion"]?.DeepClone() })
        : new JsonObject { ["kind"] = "", ["name"] = "" };

    private static JsonObject? Selector(JsonNode? selector) => selector is JsonObject l
        ? Without(new JsonObject
        {
            ["matchLabels"] = l["matchLabels"]?.DeepClone(),
            ["matchExpressions"] = l["matchExpressions"] is JsonArray expressions
                ? new JsonArray(expressions.OfType<JsonObject>().Select(x => (JsonNode?)Without(new JsonObject
                {
                    ["key"] = Text(x["key"]),
                    ["operator"] = Text(x["operator"]),
                    ["values"] = x["values"]?.DeepClone(),
                })).ToArray())
                : null,
        })
        : null;

    // A non-pointer resource.Quantity: its zero value is written as "0".
    private static JsonNode Quantity(JsonNode? value) => value?.DeepClone() ?? "0";

    private static JsonNode Text(JsonNode? value) => value?.DeepClone() ?? "";

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

    // encoding/json matches a key to a field name without regard to case, an exact match first.
    private static JsonObject BehaviorFromInternal(JsonObject behavior)
    {
        JsonNode? Rules(JsonNode? rules) => rules is JsonObject r
            ? Without(new JsonObject
            {
                ["stabilizationWindowSeconds"] = Field(r, "StabilizationWindowSeconds")?.DeepClone(),
                ["selectPolicy"] = Field(r, "SelectPolicy")?.DeepClone(),
                ["policies"] = Field(r, "Policies") is JsonArray policies
                    ? new JsonArray(policies.OfType<JsonObject>().Select(p => (JsonNode?)new JsonObject
                    {
                        ["type"] = Field(p, "Type")?.DeepClone(),
                        ["value"] = Field(p, "Value")?.DeepClone(),
                        ["periodSeconds"] = Field(p, "PeriodSeconds")?.DeepClone(),
                    }).ToArray())
                    : null,
            })
            : null;
        return Without(new JsonObject { ["scaleUp"] = Rules(Field(behavior, "ScaleUp")), ["scaleDown"] = Rules(Field(behavior, "ScaleDown")) });
    }

    private static JsonNode? Field(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var exact) ? exact : obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Go's omitempty on pointers: the nulls left by absent fields are dropped.</summary>
    private static JsonObject Without(JsonObject obj, string? keep = null)
    {
        foreach (var name in obj.Where(p => p.Value is null && p.Key != keep).Select(p => p.Key).ToList())
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
