namespace MiniApiServer.Application.Webhooks;

/// <summary>
/// webhookutil.ErrCallingWebhook: the webhook could not be asked, or its answer could not be read. Only this kind of
/// failure is subject to the webhook's failurePolicy; a denial, or a patch that cannot be applied, never is.
/// </summary>
public sealed class WebhookCallException(string webhookName, string reason) : Exception($"failed calling webhook \"{webhookName}\": {reason}")
{
    public string WebhookName { get; } = webhookName;
}
