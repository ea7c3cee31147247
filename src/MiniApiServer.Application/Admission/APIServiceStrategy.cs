using k8s.Models;
using MiniApiServer.Application.ApiRegistration;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// kube-aggregator pkg/registry/apiservice/strategy.go with pkg/apis/apiregistration/validation/validation.go and
/// v1/defaults.go: a new APIService starts with no status, a local one (no service) already Available; the main
/// resource keeps the stored status and /status keeps the stored spec, labels, annotations, finalizers and owners.
/// </summary>
public sealed class APIServiceStrategy(ResourceType type) : TypedStrategy<V1APIService>(type)
{
    private static readonly string[] ConditionStatuses = ["True", "False", "Unknown"];

    protected override void PrepareForCreate(V1APIService apiService, DateTimeOffset now)
    {
        Default(apiService);
        apiService.Status = new V1APIServiceStatus();
        if (apiService.Spec?.Service is null)
        {
            APIServiceConditions.Set(apiService, APIServiceConditions.LocalAvailable(now));
        }
    }

    protected override void PrepareForUpdate(V1APIService apiService, V1APIService old, bool statusOnly)
    {
        if (!statusOnly)
        {
            Default(apiService);
            return;
        }
        // apiServerStatusStrategy resets these besides the spec, which the generic carry-over already restored.
        var meta = apiService.Metadata ??= new V1ObjectMeta();
        meta.Labels = old.Metadata?.Labels;
        meta.Annotations = old.Metadata?.Annotations;
        meta.Finalizers = old.Metadata?.Finalizers;
        meta.OwnerReferences = old.Metadata?.OwnerReferences;
    }

    /// <summary>SetDefaults_ServiceReference.</summary>
    private static void Default(V1APIService apiService)
    {
        if (apiService.Spec?.Service is { Port: null } service)
        {
            service.Port = 443;
        }
    }

    /// <summary>ValidateAPIService, in its order.</summary>
    protected override void Validate(V1APIService apiService, FieldErrors errors)
    {
        var spec = apiService.Spec ?? new V1APIServiceSpec();
        var group = spec.Group ?? "";
        var version = spec.Version ?? "";
        var name = apiService.Metadata?.Name ?? "";
        var requiredName = version + "." + group;
        if (name.Length > 0 && ObjectMetaValidation.PathSegmentNameError(name) is null && name != requiredName)
        {
            errors.Invalid("metadata.name", name, $"must be `spec.version+\".\"+spec.group`: \"{requiredName}\"");
        }
        if (group.Length == 0 && version != "v1")
        {
            errors.Required("spec.group", "only v1 may have an empty group and it better be legacy kube");
        }
        if (group.Length > 0)
        {
            foreach (var error in ObjectMetaValidation.SubdomainErrors(group))
            {
                errors.Invalid("spec.group", group, error);
            }
        }
        if (ObjectMetaValidation.Dns1035LabelError(version) is { } versionError)
        {
            errors.Invalid("spec.version", version, versionError);
        }
        if (spec.GroupPriorityMinimum is <= 0 or > 20000)
        {
            errors.Invalid("spec.groupPriorityMinimum", spec.GroupPriorityMinimum, "must be positive and less than 20000");
        }
        if (spec.VersionPriority is <= 0 or > 1000)
        {
            errors.Invalid("spec.versionPriority", spec.VersionPriority, "must be positive and less than 1000");
        }
        if (spec.Service is not { } service)
        {
            if (spec.CaBundle is { Length: > 0 } bundle)
            {
                errors.Invalid("spec.caBundle", $"{bundle.Length} bytes", "local APIServices may not have a caBundle");
            }
            if (spec.InsecureSkipTLSVerify == true)
            {
                errors.Invalid("spec.insecureSkipTLSVerify", true, "local APIServices may not have insecureSkipTLSVerify");
            }
            return;
        }
        if (string.IsNullOrEmpty(service.NamespaceProperty))
        {
            errors.Required("spec.service.namespace");
        }
        if (string.IsNullOrEmpty(service.Name))
        {
            errors.Required("spec.service.name");
        }
        if (NetValidation.PortNumberError(service.Port ?? 0) is { } portError)
        {
            errors.Invalid("spec.service.port", service.Port ?? 0, "port is not valid: " + portError);
        }
        if (spec.InsecureSkipTLSVerify == true && spec.CaBundle is { Length: > 0 })
        {
            errors.Invalid("spec.insecureSkipTLSVerify", true, "may not be true if caBundle is present");
        }
    }

    /// <summary>ValidateAPIServiceStatusUpdate: each condition's status is True, False or Unknown.</summary>
    protected override void ValidateStatusUpdate(V1APIService apiService, V1APIService old, FieldErrors errors)
    {
        var conditions = apiService.Status?.Conditions ?? [];
        for (var i = 0; i < conditions.Count; i++)
        {
            if (!ConditionStatuses.Contains(conditions[i].Status))
            {
                errors.NotSupported($"status.conditions[{i}].status", conditions[i].Status ?? "", ConditionStatuses);
            }
        }
    }
}
