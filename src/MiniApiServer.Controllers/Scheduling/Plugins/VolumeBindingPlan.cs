using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>What AssumePodVolumes decides for a node: volumes to pre-bind to claims, and claims to provision there.</summary>
public sealed record VolumeBindingPlan(
    IReadOnlyList<(V1PersistentVolumeClaim Claim, V1PersistentVolume Volume)> StaticBindings,
    IReadOnlyList<V1PersistentVolumeClaim> Provisions);
