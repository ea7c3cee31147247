namespace MiniApiServer.Application.Resources;

/// <summary>The resource a request addressed, when its objects live in another resource's store.</summary>
public sealed record ServedVersion(ResourceType Type, IVersionConversion Conversion);
