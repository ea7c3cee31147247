namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>A dependent as its owner sees it: whether it blocks the owner's foreground deletion.</summary>
public sealed record DependentInfo(ObjectIdentity Identity, bool BlocksOwnerDeletion, bool DeletingDependents);
