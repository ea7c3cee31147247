using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Volumes;

public static class VolumeSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IControlLoop, PersistentVolumeController>();
        services.AddSingleton<IControlLoop, SimulatedProvisioner>();
        services.AddSingleton<IControlLoop, PvcProtectionController>();
        services.AddSingleton<IControlLoop, PvProtectionController>();
    }
}
