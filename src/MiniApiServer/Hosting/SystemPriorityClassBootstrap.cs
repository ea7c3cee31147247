using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Hosting;

/// <summary>Creates system-node-critical and system-cluster-critical when missing, as the scheduling API's post-start hook does.</summary>
public static class SystemPriorityClassBootstrap
{
    public static async Task EnsureAsync(ResourceService service, ResourceRegistry registry)
    {
        var type = registry.ByStorageKey("priorityclasses.scheduling.k8s.io")!;
        foreach (var pc in SystemPriorityClasses.Objects())
        {
            var name = ObjectMeta.Str(ObjectMeta.Of(pc), "name")!;
            if (service.TryGet(type, "", name) is not null)
            {
                continue;
            }
            try
            {
                await service.CreateAsync(type, "", pc, WriteOptions.Default).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 409)
            {
                // Another replica created it first.
            }
        }
    }
}
