using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The Priority admission plugin's validatePriorityClass (plugin/pkg/admission/priority/admission.go): while one
/// PriorityClass is the global default, no other may be created as one or made one by an update. Pods without a class
/// take the default's value, so two would make that choice depend on which one a lookup saw first.
/// </summary>
public sealed partial class ResourceService
{
    private const string PriorityClasses = "priorityclasses.scheduling.k8s.io";

    private void AdmitPriorityClassWrite(ResourceType type, string name, JsonObject obj) =>
        AdmitPriorityClassWrite(type, name, obj["globalDefault"] is JsonValue g && g.TryGetValue<bool>(out var b) && b);

    private void AdmitPriorityClassWrite(ResourceType type, object model) =>
        AdmitPriorityClassWrite(type, (model as V1PriorityClass)?.Metadata?.Name ?? "", model is V1PriorityClass { GlobalDefault: true });

    private void AdmitPriorityClassWrite(ResourceType type, string name, bool globalDefault)
    {
        if (!globalDefault || type.StorageKey != PriorityClasses)
        {
            return;
        }
        if (GlobalDefaultPriorityClass(type) is { } existing && existing.Name != name)
        {
            throw new ApiException(403, "Forbidden",
                $"{PriorityClasses} \"{name}\" is forbidden: PriorityClass {existing.Name} is already marked as default. Only one default can exist")
            {
                Details = new StatusDetails(name, "scheduling.k8s.io", "priorityclasses"),
            };
        }
    }
}
