using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Controllers.ReplicaSets;

namespace MiniApiServer.Controllers.Deployments;

/// <summary>
/// The ReplicaSet and Deployment controllers, and the replication manager that shares the ReplicaSet controller's code,
/// leader-elected with the rest of kube-controller-manager.
/// </summary>
public static class DeploymentSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IControlLoop, ReplicaSetController>();
        services.AddSingleton<IControlLoop, Replication.ReplicationManager>();
        services.AddSingleton<IControlLoop, DeploymentController>();
    }
}
