using Microsoft.Extensions.DependencyInjection;

namespace MiniApiServer.Controllers.Jobs;

public static class JobSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IControlLoop, JobController>();
        services.AddSingleton<IControlLoop, TtlAfterFinishedController>();
        services.AddSingleton<IControlLoop, CronJobs.CronJobController>();
    }
}
