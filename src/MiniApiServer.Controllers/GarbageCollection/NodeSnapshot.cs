namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>A consistent copy of one graph node, for a worker to decide on without holding the graph lock.</summary>
public sealed record NodeSnapshot(ObjectIdentity Identity, bool Virtual, IReadOnlyList<DependentInfo> Dependents);
