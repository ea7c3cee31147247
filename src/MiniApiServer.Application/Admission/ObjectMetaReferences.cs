using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The ownerReferences and finalizers rules of apimachinery's ValidateObjectMetaAccessor
/// (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go): ValidateOwnerReferences and ValidateFinalizers,
/// with their messages. An owner reference without a uid was stored before and read by the garbage collector as an
/// owner that does not exist.
/// </summary>
public static partial class ObjectMetaValidation
{
    private const string OrphanDependents = "orphan";
    private const string DeleteDependents = "foregroundDeletion";

    public static void ValidateOwnersAndFinalizers(JsonObject metadata, FieldErrors errors)
    {
        var owners = (metadata["ownerReferences"] as JsonArray)?.OfType<JsonObject>().Select(o => new V1OwnerReference
        {
            ApiVersion = Text(o["apiVersion"]),
            Kind = Text(o["kind"]),
            Name = Text(o["name"]),
            Uid = Text(o["uid"]),
            Controller = Flag(o["controller"]),
            BlockOwnerDeletion = Flag(o["blockOwnerDeletion"]),
        }).ToList();
        var finalizers = (metadata["finalizers"] as JsonArray)?.Select(f => Text(f)).ToList();
        ValidateOwnersAndFinalizers(owners, finalizers, errors);
    }

    public static void ValidateOwnersAndFinalizers(IList<V1OwnerReference>? owners, IList<string>? finalizers, FieldErrors errors)
    {
        const string ownersPath = "metadata.ownerReferences";
        V1OwnerReference? firstController = null;
        // Built only when a second controller reference appears: every pod a controller creates has one.
        HashSet<string>? controllers = null;
        foreach (var owner in owners ?? [])
        {
            ValidateOwnerReference(owner, errors, ownersPath);
            if (owner.Controller != true)
            {
                continue;
            }
            if (firstController is null)
            {
                firstController = owner;
                continue;
            }
            // Upstream drops an entry identical to an earlier one before validating (dedupOwnerReferencesAndAddWarning),
            // so a repeated controller reference is not a second controller.
            controllers ??= new HashSet<string>(StringComparer.Ordinal) { OwnerSyntax(firstController) };
            if (controllers.Add(OwnerSyntax(owner)))
            {
                errors.Invalid(ownersPath, new GoSyntax("[]v1.OwnerReference{" + string.Join(", ", owners!.Select(OwnerSyntax)) + "}"),
                    $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController.Kind}/{firstController.Name} and {owner.Kind}/{owner.Name}");
            }
        }
        if (finalizers is null)
        {
            return;
        }
        foreach (var finalizer in finalizers)
        {
            QualifiedName(errors, "metadata.finalizers", finalizer);
        }
        if (finalizers.Contains(OrphanDependents) && finalizers.Contains(DeleteDependents))
        {
            errors.Invalid("metadata.finalizers", GoSyntax.Strings(finalizers),
                $"finalizer {OrphanDependents} and {DeleteDependents} cannot be both set");
        }
    }

    private static void ValidateOwnerReference(V1OwnerReference owner, FieldErrors errors, string path)
    {
        // schema.FromAPIVersionAndKind: an apiVersion that does not parse as [group/]version has no version.
        var apiVersion = owner.ApiVersion ?? "";
        var parts = apiVersion.Split('/');
        var version = parts.Length switch { 1 => parts[0], 2 => parts[1], _ => "" };
        if (version.Length == 0)
        {
            errors.Invalid(path + ".apiVersion", apiVersion, "version must not be empty");
        }
        if (string.IsNullOrEmpty(owner.Kind))
        {
            errors.Invalid(path + ".kind", owner.Kind ?? "", "kind must not be empty");
        }
        if (string.IsNullOrEmpty(owner.Name))
        {
            errors.Invalid(path + ".name", owner.Name ?? "", "name must not be empty");
        }
        if (string.IsNullOrEmpty(owner.Uid))
        {
            errors.Invalid(path + ".uid", owner.Uid ?? "", "uid must not be empty");
        }
        // BannedOwners: core events may not own anything ("v1", or "/v1", which ParseGroupVersion reads as the core group).
        if ((parts.Length == 1 || (parts.Length == 2 && parts[0].Length == 0)) && version == "v1" && owner.Kind == "Event")
        {
            errors.Invalid(path, new GoSyntax(OwnerSyntax(owner)), "/v1, Kind=Event is disallowed from being an owner");
        }
    }

    private static string OwnerSyntax(V1OwnerReference o) =>
        $"v1.OwnerReference{{APIVersion:{GoSyntax.Quote(o.ApiVersion ?? "")}, Kind:{GoSyntax.Quote(o.Kind ?? "")}, Name:{GoSyntax.Quote(o.Name ?? "")}, " +
        $"UID:{GoSyntax.Quote(o.Uid ?? "")}, Controller:{BoolPointer(o.Controller)}, BlockOwnerDeletion:{BoolPointer(o.BlockOwnerDeletion)}}}";

    private static string BoolPointer(bool? value) => value is null ? "(*bool)(nil)" : "(*bool)(...)";

    private static bool? Flag(JsonNode? node) => node is null ? null : node.GetValueKind() == System.Text.Json.JsonValueKind.True;

    private static string Text(JsonNode? node) =>
        node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString() ?? "";
}
