using k8s;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/admissionregistration/{mutating,validating}webhookconfiguration/strategy.go: generation 1, bumped when
/// the webhooks change; the v1 defaults; ValidateXWebhookConfiguration on create and, on update, with the options the
/// old object allows.
/// </summary>
public abstract class WebhookConfigurationStrategy<T>(ResourceType type) : TypedStrategy<T>(type)
    where T : class, IMetadata<V1ObjectMeta>
{
    protected sealed override void PrepareForCreate(T obj, DateTimeOffset now)
    {
        Default(obj);
        obj.Metadata.Generation = 1;
    }

    protected sealed override void PrepareForUpdate(T obj, T old, bool statusOnly)
    {
        Default(obj);
        obj.Metadata.Generation = Generation.AfterUpdate(old.Metadata, Webhooks(obj), Webhooks(old));
    }

    protected sealed override void Validate(T obj, FieldErrors errors) =>
        WebhookValidation.Validate(Shapes(obj), WebhookValidation.Options.Create, errors);

    protected sealed override void ValidateUpdate(T obj, T old, FieldErrors errors) =>
        WebhookValidation.Validate(Shapes(obj), WebhookValidation.Options.ForUpdate(Shapes(old)), errors);

    protected abstract object? Webhooks(T obj);

    /// <summary>SetDefaults_MutatingWebhook or SetDefaults_ValidatingWebhook, with their rules' and services' defaults.</summary>
    protected abstract void Default(T obj);

    protected abstract List<WebhookValidation.Webhook> Shapes(T obj);
}
