namespace MiniApiServer.Application.Kinds;

/// <summary>A CRD version's subresources.scale: the simple JSON paths of the replica counts and of the selector string.</summary>
public sealed record CustomResourceScale(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);
