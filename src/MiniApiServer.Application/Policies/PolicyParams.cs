using k8s.Models;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Webhooks;
using MiniApiServer.Application.Webhooks.Cel;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Policies;

/// <summary>
/// generic/policy_dispatcher.go CollectParams: the params a binding names, read from this replica's cache as upstream
/// reads them from an informer. No paramKind, or no paramRef, is one evaluation without params; a namespaced param is
/// looked up in the paramRef's namespace, else the request's; none found is an error only under parameterNotFoundAction Deny.
/// </summary>
internal static class PolicyParams
{
    public sealed class ConfigurationException(string message) : Exception(message);

    /// <param name="type">The policy's resolved paramKind; null when it has none.</param>
    public static IReadOnlyList<object?> Collect(ObjectStore store, ResourceType? type, V1ParamRef? paramRef, string requestNamespace)
    {
        if (type is null || paramRef is null)
        {
            return [null];
        }
        var ns = "";
        if (type.Namespaced)
        {
            ns = !string.IsNullOrEmpty(paramRef.NamespaceProperty) ? paramRef.NamespaceProperty
                : requestNamespace.Length > 0 ? requestNamespace
                : throw new ConfigurationException("cannot use namespaced paramRef in policy binding that matches cluster-scoped resources");
        }
        else if (!string.IsNullOrEmpty(paramRef.NamespaceProperty))
        {
            throw new ConfigurationException("paramRef.namespace must not be provided for a cluster-scoped `paramKind`");
        }
        List<object?> found;
        if (!string.IsNullOrEmpty(paramRef.Name))
        {
            found = store.Cache.Get(type.StorageKey, ns, paramRef.Name) is { } stored ? [CelConvert.FromJson(ResourceService.Parse(stored))] : [];
        }
        else
        {
            var selector = LabelSelector.FromModel(paramRef.Selector);
            found = [.. store.Cache.List(type.StorageKey, type.Namespaced ? ns : null).Items
                .Select(ResourceService.Parse)
                .Where(p => selector.Matches(WebhookMatching.LabelsOf(p)))
                .Select(p => CelConvert.FromJson(p))];
        }
        if (found.Count == 0 && paramRef.ParameterNotFoundAction == "Deny")
        {
            throw new ConfigurationException("no params found for policy binding with `Deny` parameterNotFoundAction");
        }
        return found;
    }

    /// <summary>The served resource of the param kind's group, version and kind, a custom resource's included.</summary>
    public static ResourceType? Resolve(ResourceRegistry registry, V1ParamKind paramKind)
    {
        var apiVersion = paramKind.ApiVersion ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return registry.Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == paramKind.Kind);
    }

    /// <summary>schema.GroupVersionKind's String(): "group/version, Kind=kind".</summary>
    public static string GvkString(V1ParamKind paramKind)
    {
        var apiVersion = paramKind.ApiVersion ?? "";
        return (apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion : "/" + apiVersion) + ", Kind=" + paramKind.Kind;
    }
}
