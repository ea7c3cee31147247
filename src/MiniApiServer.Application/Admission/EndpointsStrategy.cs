using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>pkg/registry/core/endpoint/strategy.go with the address and port checks of ValidateEndpoints.</summary>
public sealed class EndpointsStrategy(ResourceType type) : TypedStrategy<V1Endpoints>(type)
{
    protected override void Validate(V1Endpoints endpoints, FieldErrors errors)
    {
        var subsets = endpoints.Subsets ?? [];
        for (var i = 0; i < subsets.Count; i++)
        {
            var subset = subsets[i];
            if ((subset.Addresses?.Count ?? 0) + (subset.NotReadyAddresses?.Count ?? 0) == 0)
            {
                errors.Required($"subsets[{i}]", "must specify `addresses` or `notReadyAddresses`");
            }
            var ports = subset.Ports ?? [];
            for (var j = 0; j < ports.Count; j++)
            {
                if (ports[j].Port is < 1 or > 65535)
                {
                    errors.Invalid($"subsets[{i}].ports[{j}].port", ports[j].Port, "must be between 1 and 65535, inclusive");
                }
            }
        }
    }
}
