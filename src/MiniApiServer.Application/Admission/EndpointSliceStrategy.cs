using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>pkg/registry/discovery/endpointslice/strategy.go and the core of ValidateEndpointSlice.</summary>
public sealed class EndpointSliceStrategy(ResourceType type) : TypedStrategy<V1EndpointSlice>(type)
{
    private const int MaxEndpoints = 1000;
    private const int MaxPorts = 20000;

    protected override void Validate(V1EndpointSlice slice, FieldErrors errors)
    {
        if (slice.AddressType is not ("IPv4" or "IPv6" or "FQDN"))
        {
            errors.NotSupported("addressType", slice.AddressType, "FQDN", "IPv4", "IPv6");
        }
        var endpoints = slice.Endpoints ?? [];
        if (endpoints.Count > MaxEndpoints)
        {
            errors.Invalid("endpoints", endpoints.Count, $"must have at most {MaxEndpoints} items");
        }
        for (var i = 0; i < endpoints.Count; i++)
        {
            var count = endpoints[i].Addresses?.Count ?? 0;
            if (count is < 1 or > 100)
            {
                errors.Invalid($"endpoints[{i}].addresses", count, "must contain at least 1 address but no more than 100");
            }
        }
        if ((slice.Ports?.Count ?? 0) > MaxPorts)
        {
            errors.Invalid("ports", slice.Ports!.Count, $"must have at most {MaxPorts} items");
        }
    }

    protected override void ValidateUpdate(V1EndpointSlice slice, V1EndpointSlice old, FieldErrors errors)
    {
        Validate(slice, errors);
        if (slice.AddressType != old.AddressType)
        {
            errors.Immutable("addressType", slice.AddressType);
        }
    }
}
