using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/networking/ingress/strategy.go with ValidateIngressCreate/Update/StatusUpdate: a new Ingress starts
/// with an empty status at generation 1, a spec change bumps the generation, and /status writes only the status.
/// Nothing routes traffic for it: there is no ingress controller here, as in a kind cluster without one.
/// </summary>
public sealed class IngressStrategy(ResourceType type) : TypedStrategy<V1Ingress>(type)
{
    public const string ClassAnnotation = "kubernetes.io/ingress.class";

    protected override void PrepareForCreate(V1Ingress ingress, DateTimeOffset now)
    {
        // Go's IngressStatus{} is written as {"loadBalancer":{}}: encoding/json never omits a struct.
        ingress.Status = new V1IngressStatus { LoadBalancer = new V1IngressLoadBalancerStatus() };
        ingress.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1Ingress ingress, V1Ingress old, bool statusOnly)
    {
        // A status write carries the stored spec, so its generation stays.
        ingress.Metadata.Generation = Generation.AfterUpdate(old.Metadata, ingress.Spec, old.Spec);
    }

    /// <summary>ValidateIngressCreate: the spec, and the class annotation may not name another class than the field.</summary>
    protected override void Validate(V1Ingress ingress, FieldErrors errors)
    {
        IngressValidation.ValidateSpec(ingress.Spec, IngressValidation.Strict, errors);
        if (ingress.Metadata.Annotations?.TryGetValue(ClassAnnotation, out var annotated) == true
            && ingress.Spec?.IngressClassName is { } className && annotated != className)
        {
            errors.Invalid($"annotations.{ClassAnnotation}", annotated, "must match `ingressClassName` when both are specified");
        }
    }

    protected override void ValidateUpdate(V1Ingress ingress, V1Ingress old, FieldErrors errors) =>
        IngressValidation.ValidateSpec(ingress.Spec, IngressValidation.ForUpdate(old.Spec), errors);

    protected override void ValidateStatusUpdate(V1Ingress ingress, V1Ingress old, FieldErrors errors) =>
        IngressValidation.ValidateStatus(ingress.Status, errors);
}
