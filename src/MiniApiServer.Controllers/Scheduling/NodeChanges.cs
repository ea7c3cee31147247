using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// Which node updates can make an unschedulable pod fit (pkg/scheduler/eventhandlers.go nodeSchedulingPropertiesChange):
/// labels, taints, spec.unschedulable and allocatable. Heartbeat-only updates are ignored.
/// </summary>
public static class NodeChanges
{
    public static bool AffectsScheduling(V1Node old, V1Node updated) =>
        old.Spec?.Unschedulable != updated.Spec?.Unschedulable
        || !SameJson(old.Metadata?.Labels, updated.Metadata?.Labels)
        || !SameJson(old.Spec?.Taints, updated.Spec?.Taints)
        || !SameJson(old.Status?.Allocatable, updated.Status?.Allocatable);

    private static bool SameJson(object? a, object? b) =>
        (a is null && b is null)
        || (a is not null && b is not null && System.Text.Json.JsonSerializer.Serialize(a, ModelCodec.Options) == System.Text.Json.JsonSerializer.Serialize(b, ModelCodec.Options));
}
