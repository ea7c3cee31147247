using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Services;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The Service REST storage's allocation around the generic write (pkg/registry/core/service/storage/storage.go
/// beginCreate/beginUpdate/afterDelete): values are claimed before the Service is written and released when
/// that write fails, when an update stops using them, and when the Service is deleted.
/// </summary>
public sealed partial class ResourceService
{
    public ServiceAllocator Allocator => allocator;

    private bool AllocatesOnWrite(ResourceType type) => type == registry.Services;

    /// <summary>The created Service, or null when its generated name collided (the claims are released; the caller retries).</summary>
    private async Task<ObjectResult?> StoreAllocatedCreateAsync(ResourceType type, WriteCommand command, List<ServiceAllocation> allocated, bool retryable, List<string> warnings)
    {
        try
        {
            var created = await StoreCreateAsync(type, command, retryable, warnings).ConfigureAwait(false);
            if (created is null)
            {
                await allocator.ReleaseAsync(allocated).ConfigureAwait(false);
            }
            return created;
        }
        catch
        {
            await allocator.ReleaseAsync(allocated).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AfterAllocatingWriteAsync(WriteResult result, List<ServiceAllocation>? allocated, System.Text.Json.Nodes.JsonObject old, System.Text.Json.Nodes.JsonObject? updated)
    {
        if (!result.Succeeded)
        {
            await allocator.ReleaseAsync(allocated ?? []).ConfigureAwait(false);
            return;
        }
        // Deleted (the last finalizer went), or updated: give back what the Service no longer holds.
        await allocator.ReleaseAsync(old, updated).ConfigureAwait(false);
    }
}
