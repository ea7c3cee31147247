using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/podtemplate/strategy.go and ValidatePodTemplate/Update (pkg/apis/core/validation/validation.go):
/// the template is checked as every workload's is, under "template", and a changed template bumps the generation.
/// </summary>
public sealed class PodTemplateStrategy(ResourceType type) : TypedStrategy<V1PodTemplate>(type)
{
    private const string Path = "template";

    protected override void PrepareForCreate(V1PodTemplate template, DateTimeOffset now)
    {
        Default(template);
        template.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1PodTemplate template, V1PodTemplate old, bool statusOnly)
    {
        Default(template);
        template.Metadata.Generation = old.Metadata.Generation ?? 1;
        if (!Semantic.DeepEqual(template.Template, old.Template))
        {
            template.Metadata.Generation++;
        }
    }

    protected override void Validate(V1PodTemplate template, FieldErrors errors)
    {
        PodTemplateValidation.ValidateTemplateMetadata(template.Template, errors, Path);
        PodTemplateValidation.ValidateTemplateSpec(template.Template.Spec, errors, Path);
    }

    /// <summary>Go's defaulting recurses into the template's struct values, so even an absent spec gets the pod defaults.</summary>
    private static void Default(V1PodTemplate template) =>
        PodSpecDefaults.Apply((template.Template ??= new V1PodTemplateSpec()).Spec ??= new V1PodSpec());
}
