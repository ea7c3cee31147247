namespace MiniApiServer.Application.Services;

/// <summary>One claimed cluster IP or node port: the internal object's storage key and name.</summary>
public sealed record ServiceAllocation(string Resource, string Value);
