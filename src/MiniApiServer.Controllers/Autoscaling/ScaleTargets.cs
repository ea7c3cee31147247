using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// What the HPA controller asks the RESTMapper and the scale client: scaleTargetRef's group and kind name a served
/// resource, and that resource must have a scale subresource.
/// </summary>
public static class ScaleTargets
{
    public static ResourceType Resolve(ResourceRegistry registry, V2CrossVersionObjectReference target)
    {
        var apiVersion = target.ApiVersion ?? "";
        // schema.ParseGroupVersion: "" is the core group, "v1" a version alone, "g/v" both; more slashes are refused.
        var parts = apiVersion.Split('/');
        if (parts.Length > 2)
        {
            throw new MetricException($"unexpected GroupVersion string: {apiVersion}");
        }
        var group = parts.Length == 2 ? parts[0] : "";
        var type = registry.StoredTypes.FirstOrDefault(t => t.Group == group && t.Kind == target.Kind)
            ?? throw new MetricException($"no matches for kind \"{target.Kind}\" in group \"{group}\"");
        if (!type.Subresources.Contains("scale"))
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        return type;
    }
}
