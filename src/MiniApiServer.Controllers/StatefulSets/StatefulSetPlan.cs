using k8s.Models;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>What one sync does to the pods, and the status it then records.</summary>
public sealed record StatefulSetPlan(IReadOnlyList<StatefulPodAction> Actions, V1StatefulSetStatus Status);
