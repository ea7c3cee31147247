using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers;

public static class ControlPlaneSetup
{
    /// <summary>Registers informers, the event recorder and every controller (each area adds its own).</summary>
    public static IServiceCollection AddControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new ControllerOptions();
        configuration.GetSection("Controllers").Bind(options);
        if (int.TryParse(configuration["nodes"], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var nodes))
        {
            options.Nodes = nodes;
        }
        services.AddSingleton(options);
        var election = new LeaderElection.LeaderElectionOptions();
        election.SoleCandidate = !MiniApiServer.Storage.Postgres.PostgresConnectionString.IsPostgres(configuration["db"] ?? "");
        configuration.GetSection("LeaderElection").Bind(election);
        services.AddSingleton(election);
        services.AddSingleton<SharedInformers>();
        services.AddSingleton<EventRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<EventRecorder>());
        services.AddSingleton<IControlLoop, EventTtlController>();
        services.AddSingleton<IControlLoop, Namespaces.NamespaceController>();
        services.AddSingleton<IControlLoop, ServiceAccounts.ServiceAccountsController>();
        // The host registers the server's CA when it has one (its registration wins over this fallback in either order).
        services.TryAddSingleton(new Certificates.RootCaBundle(""));
        services.AddSingleton<IControlLoop, Certificates.RootCaCertPublisher>();
        services.TryAddSingleton(ApiRegistration.LocalApis.None);
        services.AddSingleton<IControlLoop, ApiRegistration.AutoRegisterController>();
        services.AddSingleton<IControlLoop, ApiRegistration.APIServiceAvailabilityController>();
        // Without a host's CA (its registration wins), the signer makes one in memory the first time it signs.
        services.TryAddSingleton(new Certificates.ClusterSigningAuthority(Certificates.ClusterSigningAuthority.Create, Certificates.ClusterSigningAuthority.DefaultDuration));
        services.AddSingleton<IControlLoop, Certificates.CsrSigningController>();
        services.AddSingleton<IControlLoop, Certificates.CsrCleaner>();
        services.AddSingleton<IControlLoop, AdmissionPolicies.ValidatingAdmissionPolicyStatusController>();
        services.AddSingleton<IControlLoop, FlowControl.FlowControlBootstrapEnsurer>();
        services.AddSingleton<IControlLoop, FlowControl.FlowSchemaDanglingController>();
        services.AddSingleton<IControlLoop, CustomResources.CustomResourceDefinitionController>();
        services.AddSingleton<IControlLoop, ResourceQuotas.ResourceQuotaController>();
        services.AddSingleton<IControlLoop, Rbac.ClusterRoleAggregationController>();
        DaemonSets.DaemonSetSetup.Add(services);
        Deployments.DeploymentSetup.Add(services);
        services.AddSingleton<IControlLoop, StatefulSets.StatefulSetController>();
        Disruption.DisruptionSetup.Add(services);
        services.AddSingleton<IControlLoop, Autoscaling.HorizontalPodAutoscalerController>();
        Jobs.JobSetup.Add(services);
        Volumes.VolumeSetup.Add(services);
        EndpointSlices.EndpointSliceSetup.Add(services);
        Scheduling.SchedulingSetup.Add(services);
        Nodes.NodeSetup.Add(services);
        GarbageCollection.GarbageCollectionSetup.Add(services);
        services.AddHostedService<ControllerManager>();
        return services;
    }
}
