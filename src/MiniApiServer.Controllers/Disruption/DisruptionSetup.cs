using Microsoft.Extensions.DependencyInjection;

namespace MiniApiServer.Controllers.Disruption;

public static class DisruptionSetup
{
    public static void Add(IServiceCollection services) => services.AddSingleton<IControlLoop, DisruptionController>();
}
