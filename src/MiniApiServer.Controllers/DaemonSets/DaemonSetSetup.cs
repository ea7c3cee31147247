using Microsoft.Extensions.DependencyInjection;

namespace MiniApiServer.Controllers.DaemonSets;

public static class DaemonSetSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<DaemonSetController>();
        services.AddSingleton<IControlLoop>(sp => sp.GetRequiredService<DaemonSetController>());
    }
}
