using k8s.Models;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>
/// The current and update ControllerRevisions of a sync (getStatefulSetRevisions), as the names pods are labelled
/// with and the templates ApplyRevision gives back.
/// </summary>
public sealed record StatefulSetRevisions(string CurrentName, V1PodTemplateSpec CurrentTemplate, string UpdateName, V1PodTemplateSpec UpdateTemplate, int CollisionCount);
