namespace MiniApiServer.Application.Webhooks;

/// <summary>Where a service-referenced webhook's connection goes: a ready endpoint of the Service (proxy.ResolveEndpoint).</summary>
public sealed record WebhookEndpoint(string Address, int Port);
