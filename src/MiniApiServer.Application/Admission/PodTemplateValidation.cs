using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The selector and pod template rules the workload kinds share (pkg/apis/apps/validation/validation.go
/// ValidatePodTemplateSpecForReplicaSet and the selector checks of ValidateDeploymentSpec/ValidateReplicaSetSpec).
/// </summary>
public static class PodTemplateValidation
{
    /// <summary>
    /// A non-empty, parseable selector matching the template's labels. Upstream words the empty selector of a
    /// ReplicaSet as "for deployment" too; <paramref name="emptySelectorOwner"/> keeps each kind's wording.
    /// </summary>
    public static void ValidateSelector(V1LabelSelector? selector, V1PodTemplateSpec? template, string emptySelectorOwner, FieldErrors errors)
    {
        if (selector is null)
        {
            errors.Required("spec.selector");
            return;
        }
        if ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0)
        {
            errors.Invalid("spec.selector", "{}", $"empty selector is invalid for {emptySelectorOwner}");
            return;
        }
        LabelSelector parsed;
        try
        {
            parsed = LabelSelector.FromModel(selector);
        }
        catch (FormatException ex)
        {
            errors.Invalid("spec.selector", selector.ToString(), ex.Message);
            return;
        }
        var labels = template?.Metadata?.Labels ?? new Dictionary<string, string>();
        if (!parsed.Matches(labels.AsReadOnly()))
        {
            errors.Invalid("spec.template.metadata.labels", GoSyntax.Map(labels), "`selector` does not match template `labels`");
        }
    }

    /// <summary>
    /// The template's labels and annotations, as ValidatePodTemplateSpec (pkg/apis/core/validation/validation.go) checks
    /// them: every pod the controller makes carries them, and so does its ControllerRevision, which would be refused.
    /// </summary>
    public static void ValidateTemplateMetadata(V1PodTemplateSpec? template, FieldErrors errors, string path = "spec.template")
    {
        if (template?.Metadata is not { } meta)
        {
            return;
        }
        var json = new JsonObject();
        if (meta.Labels is { } labels)
        {
            json["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }
        if (meta.Annotations is { } annotations)
        {
            json["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        }
        // ValidatePodTemplateSpec names them fldPath.Child("labels"): spec.template.labels, with no "metadata" between.
        ObjectMetaValidation.ValidateLabelsAndAnnotations(json, errors, path);
    }

    /// <summary>The pod spec of a template whose pods always restart (no activeDeadlineSeconds: the controller replaces them).</summary>
    public static void ValidateRestartingTemplate(V1PodTemplateSpec? template, string kind, FieldErrors errors)
    {
        ValidateTemplateMetadata(template, errors);
        if (template?.Spec is not { } podSpec)
        {
            errors.Required("spec.template.spec.containers");
            return;
        }
        ValidateTemplateSpec(podSpec, errors);
        if (podSpec.RestartPolicy != "Always")
        {
            errors.NotSupported("spec.template.spec.restartPolicy", podSpec.RestartPolicy, "Always");
        }
        if (podSpec.ActiveDeadlineSeconds is not null)
        {
            errors.Forbidden("spec.template.spec.activeDeadlineSeconds", $"activeDeadlineSeconds in {kind} is not Supported");
        }
    }

    /// <summary>ValidatePodTemplateSpec's spec: a pod spec's rules, and no ephemeral containers, which only a pod can have.</summary>
    public static void ValidateTemplateSpec(V1PodSpec podSpec, FieldErrors errors, string path = "spec.template")
    {
        PodSpecValidation.Validate(podSpec, path + ".spec", errors);
        if (podSpec.EphemeralContainers is { Count: > 0 })
        {
            errors.Forbidden(path + ".spec.ephemeralContainers", "ephemeral containers not allowed in pod template");
        }
    }

    public static void NonNegative(string field, long? value, FieldErrors errors)
    {
        if (value < 0)
        {
            errors.Invalid(field, value, "must be greater than or equal to 0");
        }
    }
}
