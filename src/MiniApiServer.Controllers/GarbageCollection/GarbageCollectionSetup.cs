using Microsoft.Extensions.DependencyInjection;

namespace MiniApiServer.Controllers.GarbageCollection;

public static class GarbageCollectionSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IControlLoop, GarbageCollector>();
    }
}
