using Microsoft.Extensions.DependencyInjection;

namespace MiniApiServer.Controllers.Nodes;

public static class NodeSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IControlLoop, SimulatedKubelet>();
        services.AddSingleton<IControlLoop, NodeLifecycleController>();
        services.AddSingleton<IControlLoop, TaintEvictionController>();
        services.AddSingleton<IControlLoop, PodGcController>();
    }
}
