using System.Text.RegularExpressions;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/networking/ingressclass/strategy.go, SetDefaults_IngressClass (pkg/apis/networking/v1/defaults.go)
/// and ValidateIngressClass/Update (pkg/apis/networking/validation/validation.go): a domain-prefixed controller
/// that never changes, and a parameters reference whose namespace agrees with its scope.
/// </summary>
public sealed partial class IngressClassStrategy(ResourceType type) : TypedStrategy<V1IngressClass>(type)
{
    private const int MaxControllerLength = 250;
    private static readonly string[] Scopes = ["Cluster", "Namespace"];

    protected override void PrepareForCreate(V1IngressClass ingressClass, DateTimeOffset now)
    {
        Default(ingressClass);
        ingressClass.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1IngressClass ingressClass, V1IngressClass old, bool statusOnly)
    {
        Default(ingressClass);
        ingressClass.Metadata.Generation = Generation.AfterUpdate(old.Metadata, ingressClass.Spec, old.Spec);
    }

    protected override void Validate(V1IngressClass ingressClass, FieldErrors errors)
    {
        var spec = ingressClass.Spec ?? new V1IngressClassSpec();
        var controller = spec.Controller ?? "";
        if (controller.Length > MaxControllerLength)
        {
            errors.TooLong("spec.controller", MaxControllerLength);
        }
        ValidateDomainPrefixedPath("spec.controller", controller, errors);
        ValidateParameters(spec.Parameters, errors);
    }

    /// <summary>ValidateIngressClassUpdate: the controller is immutable, then every create rule.</summary>
    protected override void ValidateUpdate(V1IngressClass ingressClass, V1IngressClass old, FieldErrors errors)
    {
        if (ingressClass.Spec?.Controller != old.Spec?.Controller)
        {
            errors.Immutable("spec.controller", ingressClass.Spec?.Controller ?? "");
        }
        Validate(ingressClass, errors);
    }

    /// <summary>apimachinery IsDomainPrefixedPath: "DNS-subdomain/path".</summary>
    private static void ValidateDomainPrefixedPath(string path, string value, FieldErrors errors)
    {
        if (value.Length == 0)
        {
            errors.Required(path);
            return;
        }
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            errors.Invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")");
            return;
        }
        var host = value[..slash];
        if (ObjectMetaValidation.SubdomainError(host) is { } hostError)
        {
            errors.Invalid(path, host, hostError);
        }
        var rest = value[(slash + 1)..];
        if (!HttpPath().IsMatch(rest))
        {
            errors.Invalid(path, rest, "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')");
        }
    }

    /// <summary>validateIngressClassParametersReference.</summary>
    private static void ValidateParameters(V1IngressClassParametersReference? parameters, FieldErrors errors)
    {
        if (parameters is null)
        {
            return;
        }
        const string path = "spec.parameters";
        if (parameters.ApiGroup is { } group && ObjectMetaValidation.SubdomainError(group) is { } groupError)
        {
            errors.Invalid($"{path}.apiGroup", group, groupError);
        }
        IngressValidation.RequiredPathSegment(parameters.Kind, $"{path}.kind", errors);
        IngressValidation.RequiredPathSegment(parameters.Name, $"{path}.name", errors);
        switch (parameters.Scope)
        {
            case null:
                errors.Required($"{path}.scope");
                break;
            case "Namespace" when parameters.NamespaceProperty is null:
                errors.Required($"{path}.namespace", "`parameters.scope` is set to 'Namespace'");
                break;
            case "Namespace":
                if (ObjectMetaValidation.LabelNameError(parameters.NamespaceProperty) is { } namespaceError)
                {
                    errors.Invalid($"{path}.namespace", parameters.NamespaceProperty, namespaceError);
                }
                break;
            case "Cluster" when parameters.NamespaceProperty is not null:
                errors.Forbidden($"{path}.namespace", "`parameters.scope` is set to 'Cluster'");
                break;
            case "Cluster":
                break;
            default:
                errors.NotSupported($"{path}.scope", parameters.Scope, Scopes);
                break;
        }
    }

    /// <summary>SetDefaults_IngressClass: a parameters reference without a scope is cluster-scoped.</summary>
    private static void Default(V1IngressClass ingressClass)
    {
        if (ingressClass.Spec?.Parameters is { Scope: null } parameters)
        {
            parameters.Scope = "Cluster";
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$")]
    private static partial Regex HttpPath();
}
