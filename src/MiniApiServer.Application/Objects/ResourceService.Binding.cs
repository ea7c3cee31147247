using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Webhooks;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    /// <summary>
    /// A POST to a subresource the kind stores with its own rules (pods/binding, pods/eviction). Webhooks see it as the
    /// create of the subresource's own object (a v1 Binding, a policy/v1 Eviction): mutating ones in the create handler,
    /// validating ones where the subresource's REST calls createValidation, before it acts; what it writes itself
    /// (an eviction's condition and delete) is not sent again.
    /// </summary>
    public async Task<ObjectResult> CreateSubresourceAsync(ResourceType type, string subresource, string ns, string name, JsonObject body, WriteOptions options)
    {
        var handler = registry.KindOf(type).Subresource(subresource)
            ?? throw ApiErrors.NotFound(type, name);
        ns = Scope(type, ns);
        var warnings = new List<string>();
        if (!options.BypassesWebhooks && webhooks.Intercepts(type, AdmissionOperation.Create, subresource)
            && SubresourceKind(subresource) is { } kind)
        {
            var attrs = Attributes(type, AdmissionOperation.Create, ns, name, subresource, body, null, options.DryRun,
                CreateOrUpdateOptions("CreateOptions", options), options.User) with { ObjectKind = kind };
            body = await webhooks.MutateAsync(attrs, warnings).ConfigureAwait(false) ?? body;
            await webhooks.ValidateAsync(attrs with { Object = body }, warnings).ConfigureAwait(false);
        }
        var result = await handler.CreateAsync(this, type, ns, name, body, options).ConfigureAwait(false);
        return warnings.Count == 0 ? result : result with { Warnings = [.. warnings, .. result.Warnings] };
    }

    private static (string, string, string)? SubresourceKind(string subresource) => subresource switch
    {
        "binding" => ("", "v1", "Binding"),
        "eviction" => ("policy", "v1", "Eviction"),
        _ => null,
    };
}
