using k8s.Models;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>One write a sync decided on, in the order it must be made.</summary>
public sealed record StatefulPodAction(StatefulPodActionKind Kind, V1Pod Pod);

public enum StatefulPodActionKind
{
    /// <summary>CreateStatefulPod: its claims, then the pod.</summary>
    Create,

    /// <summary>DeleteStatefulPod for scale down or a rolling update.</summary>
    Delete,

    /// <summary>processReplica: a Failed pod is deleted to be made again.</summary>
    RecreateFailed,

    /// <summary>processReplica: a Succeeded pod is deleted to be made again.</summary>
    RecreateSucceeded,

    /// <summary>UpdateStatefulPod: the identity labels a pod lacks.</summary>
    UpdateIdentity,
}
