using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The DefaultIngressClass admission plugin (plugin/pkg/admission/network/defaultingressclass/admission.go), on by
/// default in kube-apiserver: an Ingress created without a class, field or annotation, gets the IngressClass annotated
/// ingressclass.kubernetes.io/is-default-class=true; two such classes make every classless create a 403.
/// </summary>
public sealed partial class ResourceService
{
    private const string IsDefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    private void AdmitIngressCreate(ResourceType type, JsonObject ingress)
    {
        var meta = ObjectMeta.Of(ingress);
        if (type != registry.Ingresses || ingress["spec"] is not (null or JsonObject)
            || ingress["spec"]?["ingressClassName"] is not null || (meta["annotations"] as JsonObject)?.ContainsKey(IngressStrategy.ClassAnnotation) == true)
        {
            return;
        }
        if (DefaultIngressClass(ObjectMeta.Str(meta, "name") is { Length: > 0 } name ? name : ObjectMeta.Str(meta, "generateName")) is { } className)
        {
            var specObject = ingress["spec"] as JsonObject ?? [];
            specObject["ingressClassName"] = className;
            ingress["spec"] = specObject;
        }
    }

    private void AdmitIngressCreate(ResourceType type, object model)
    {
        if (type != registry.Ingresses || model is not V1Ingress ingress || ingress.Spec?.IngressClassName is not null
            || ingress.Metadata?.Annotations?.ContainsKey(IngressStrategy.ClassAnnotation) == true)
        {
            return;
        }
        if (DefaultIngressClass(string.IsNullOrEmpty(ingress.Metadata?.Name) ? ingress.Metadata?.GenerateName : ingress.Metadata.Name) is { } className)
        {
            (ingress.Spec ??= new V1IngressSpec()).IngressClassName = className;
        }
    }

    /// <summary>getDefaultClass: the one class marked default, null when none is, a 403 when several are.</summary>
    private string? DefaultIngressClass(string? ingressName)
    {
        var defaults = store.Cache.List(registry.IngressClasses.StorageKey, null).Items.Select(Parse)
            .Where(c => (ObjectMeta.Of(c)["annotations"] as JsonObject)?[IsDefaultClassAnnotation] is JsonValue v && v.TryGetValue<string>(out var s) && s == "true")
            .Select(c => ObjectMeta.Str(ObjectMeta.Of(c), "name") ?? "")
            .ToList();
        if (defaults.Count > 1)
        {
            // admission.NewForbidden names the object by its name, else its generateName, else "Unknown".
            var name = string.IsNullOrEmpty(ingressName) ? "Unknown" : ingressName;
            throw new ApiException(403, "Forbidden",
                $"ingresses.networking.k8s.io \"{name}\" is forbidden: Internal error occurred: {defaults.Count} default IngressClasses were found, only 1 allowed")
            {
                Details = new StatusDetails(name, "networking.k8s.io", "ingresses"),
            };
        }
        return defaults.Count == 1 ? defaults[0] : null;
    }
}
