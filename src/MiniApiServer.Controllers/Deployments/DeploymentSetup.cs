using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Controllers.ReplicaSets;

namespace MiniApiServer.Controllers.Deployments;

/// <summary>The ReplicaSet and Deployment controllers, leader-elected with the rest of kube-controller-manager.</summary>
public static class DeploymentSetup
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IControlLoop, ReplicaSetController>();
        services.AddSingleton<IControlLoop, DeploymentController>();
    }
}
