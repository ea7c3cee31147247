using Microsoft.Extensions.DependencyInjection;

namespace MiniApiServer.Controllers.Scheduling;

public static class SchedulingSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IControlLoop, DefaultScheduler>();
    }
}
