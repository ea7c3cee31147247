namespace MiniApiServer.Application.Webhooks;

/// <summary>A service reference that leads nowhere: no such Service, or none of its endpoints is ready.</summary>
public sealed class WebhookDialException(string message) : Exception(message);
