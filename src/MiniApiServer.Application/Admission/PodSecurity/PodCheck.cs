using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>A check of a pod's metadata and spec (policy/checks.go CheckPodFn); the metadata may be null for a template without one.</summary>
public delegate CheckResult PodCheck(V1ObjectMeta? podMetadata, V1PodSpec podSpec);
