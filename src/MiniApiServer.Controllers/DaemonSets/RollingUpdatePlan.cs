using k8s.Models;

namespace MiniApiServer.Controllers.DaemonSets;

public sealed record RollingUpdatePlan(IReadOnlyList<string> NodesToCreate, IReadOnlyList<V1Pod> PodsToDelete);
