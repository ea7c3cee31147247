namespace MiniApiServer.Application.Kinds;

/// <summary>Every kind this server serves. Order is discovery order.</summary>
public static class KindCatalog
{
    public static IReadOnlyList<KindDefinition> All { get; } =
    [
        new NamespaceKind(),
        new NodeKind(),
        new PodKind(),
        new EventKind(),
        new ConfigMapKind(),
        new SecretKind(),
        new ServiceAccountKind(),
        new PersistentVolumeClaimKind(),
        new PersistentVolumeKind(),
        new LimitRangeKind(),
        new ResourceQuotaKind(),
        new DaemonSetKind(),
        new ControllerRevisionKind(),
        new ReplicaSetKind(),
        new DeploymentKind(),
        new HorizontalPodAutoscalerKind(),
        new HorizontalPodAutoscalerV1Kind(),
        new StatefulSetKind(),
        new LeaseKind(),
        new EventsV1EventKind(),
        new ClusterRoleKind(),
        new ClusterRoleBindingKind(),
        new RoleKind(),
        new RoleBindingKind(),
        new PriorityClassKind(),
        new RuntimeClassKind(),
        new PodDisruptionBudgetKind(),
        new JobKind(),
        new CronJobKind(),
        new ServiceKind(),
        new EndpointSliceKind(),
        new EndpointsKind(),
        new IngressClassKind(),
        new IngressKind(),
        new NetworkPolicyKind(),
        new StorageClassKind(),
        new MutatingWebhookConfigurationKind(),
        new ValidatingWebhookConfigurationKind(),
        new CustomResourceDefinitionKind(),
    ];
}
