using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Nodes;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>One informer per resource, shared by every controller, with the common indexes.</summary>
public sealed class SharedInformers
{
    public const string ByNode = "byNode";
    public const string ByOwner = "byOwner";
    public const string ByNamespace = "byNamespace";
    public const string ByPodGcState = "byPodGcState";
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    public SharedInformers(ObjectStore store, ResourceRegistry registry, ILogger<SharedInformers> logger)
    {
        Pods = new Informer<V1Pod>(store, registry.Pods, logger);
        Pods.AddIndex(ByNode, p => string.IsNullOrEmpty(p.Spec?.NodeName) ? [] : [p.Spec.NodeName]);
        Pods.AddIndex(ByOwner, p => p.Metadata.OwnerReferences?.Select(o => o.Uid) ?? []);
        Pods.AddIndex(ByNamespace, p => [p.Metadata.NamespaceProperty ?? ""]);
        Pods.AddIndex(ByPodGcState, PodGcDecisions.States);
        // The scheduler reads a pod it is to schedule, the kubelet one bound to its node, a workload controller the
        // pods it owns (by the owner index) on its next sync: those decode once, here. A pod none of them reads (a
        // bare pod another scheduler places) is decoded only when a selector (Service, PodDisruptionBudget) reads it.
        Pods.ReadByControllers = p => !string.IsNullOrEmpty(p.Spec?.NodeName)
            || p.Metadata.OwnerReferences is { Count: > 0 }
            || Scheduling.PodSchedulingState.NeedsScheduling(p);
        Nodes = new Informer<V1Node>(store, registry.Nodes, logger);
        DaemonSets = new Informer<V1DaemonSet>(store, registry.DaemonSets, logger);
        DaemonSets.AddIndex(ByNamespace, d => [d.Metadata.NamespaceProperty ?? ""]);
        ReplicaSets = new Informer<V1ReplicaSet>(store, registry.ReplicaSets, logger);
        ReplicaSets.AddIndex(ByNamespace, r => [r.Metadata.NamespaceProperty ?? ""]);
        ReplicaSets.AddIndex(ByOwner, r => r.Metadata.OwnerReferences?.Select(o => o.Uid) ?? []);
        ReplicationControllers = new Informer<V1ReplicationController>(store, registry.ReplicationControllers, logger);
        ReplicationControllers.AddIndex(ByNamespace, r => [r.Metadata.NamespaceProperty ?? ""]);
        ReplicationControllers.AddIndex(ByOwner, r => r.Metadata.OwnerReferences?.Select(o => o.Uid) ?? []);
        Deployments = new Informer<V1Deployment>(store, registry.Deployments, logger);
        Deployments.AddIndex(ByNamespace, d => [d.Metadata.NamespaceProperty ?? ""]);
        StatefulSets = new Informer<V1StatefulSet>(store, registry.StatefulSets, logger);
        StatefulSets.AddIndex(ByNamespace, s => [s.Metadata.NamespaceProperty ?? ""]);
        ControllerRevisions = new Informer<V1ControllerRevision>(store, registry.ControllerRevisions, logger);
        ControllerRevisions.AddIndex(ByOwner, r => r.Metadata.OwnerReferences?.Select(o => o.Uid) ?? []);
        ControllerRevisions.AddIndex(ByNamespace, r => [r.Metadata.NamespaceProperty ?? ""]);
        Leases = new Informer<V1Lease>(store, registry.Leases, logger);
        // RBAC is read by the authorizer on every request (every replica) and by the aggregation controller.
        ClusterRoles = new Informer<V1ClusterRole>(store, registry.ClusterRoles, logger);
        ClusterRoleBindings = new Informer<V1ClusterRoleBinding>(store, registry.ClusterRoleBindings, logger);
        Roles = new Informer<V1Role>(store, registry.Roles, logger);
        RoleBindings = new Informer<V1RoleBinding>(store, registry.RoleBindings, logger);
        RoleBindings.AddIndex(ByNamespace, b => [b.Metadata.NamespaceProperty ?? ""]);
        PodDisruptionBudgets = new Informer<V1PodDisruptionBudget>(store, registry.PodDisruptionBudgets, logger);
        PodDisruptionBudgets.AddIndex(ByNamespace, b => [b.Metadata.NamespaceProperty ?? ""]);
        Jobs = new Informer<V1Job>(store, registry.Jobs, logger);
        Jobs.AddIndex(ByOwner, j => j.Metadata.OwnerReferences?.Select(o => o.Uid) ?? []);
        CronJobs = new Informer<V1CronJob>(store, registry.CronJobs, logger);
        Services = new Informer<V1Service>(store, registry.Services, logger);
        Services.AddIndex(ByNamespace, s => [s.Metadata.NamespaceProperty ?? ""]);
        EndpointSlices = new Informer<V1EndpointSlice>(store, registry.EndpointSlices, logger);
        HorizontalPodAutoscalers = new Informer<V2HorizontalPodAutoscaler>(store, registry.HorizontalPodAutoscalers, logger);
        PersistentVolumeClaims = new Informer<V1PersistentVolumeClaim>(store, registry.PersistentVolumeClaims, logger);
        PersistentVolumes = new Informer<V1PersistentVolume>(store, registry.PersistentVolumes, logger);
        StorageClasses = new Informer<V1StorageClass>(store, registry.StorageClasses, logger);
        CertificateSigningRequests = new Informer<V1CertificateSigningRequest>(store, registry.CertificateSigningRequests, logger);
        ValidatingAdmissionPolicies = new Informer<V1ValidatingAdmissionPolicy>(store, registry.ValidatingAdmissionPolicies, logger);
        FlowSchemas = new Informer<V1FlowSchema>(store, registry.FlowSchemas, logger);
        PriorityLevelConfigurations = new Informer<V1PriorityLevelConfiguration>(store, registry.PriorityLevelConfigurations, logger);
        AlwaysRunning = [ClusterRoles, ClusterRoleBindings, Roles, RoleBindings];
        All = [Pods, Nodes, DaemonSets, ReplicaSets, ReplicationControllers, Deployments, StatefulSets, ControllerRevisions, Leases, ClusterRoles, ClusterRoleBindings, Roles, RoleBindings, PodDisruptionBudgets, Jobs, CronJobs, Services, EndpointSlices, HorizontalPodAutoscalers, PersistentVolumeClaims, PersistentVolumes, StorageClasses, CertificateSigningRequests,
            ValidatingAdmissionPolicies, FlowSchemas, PriorityLevelConfigurations];
    }

    public Informer<V1Pod> Pods { get; }
    public Informer<V1Node> Nodes { get; }
    public Informer<V1DaemonSet> DaemonSets { get; }
    public Informer<V1ReplicaSet> ReplicaSets { get; }
    public Informer<V1ReplicationController> ReplicationControllers { get; }
    public Informer<V1Deployment> Deployments { get; }
    public Informer<V1StatefulSet> StatefulSets { get; }
    public Informer<V1ControllerRevision> ControllerRevisions { get; }
    public Informer<V1Lease> Leases { get; }
    public Informer<V1ClusterRole> ClusterRoles { get; }
    public Informer<V1ClusterRoleBinding> ClusterRoleBindings { get; }
    public Informer<V1Role> Roles { get; }
    public Informer<V1RoleBinding> RoleBindings { get; }
    public Informer<V1PodDisruptionBudget> PodDisruptionBudgets { get; }
    public Informer<V1Job> Jobs { get; }
    public Informer<V1CronJob> CronJobs { get; }
    public Informer<V1Service> Services { get; }
    public Informer<V1EndpointSlice> EndpointSlices { get; }
    public Informer<V2HorizontalPodAutoscaler> HorizontalPodAutoscalers { get; }
    public Informer<V1PersistentVolumeClaim> PersistentVolumeClaims { get; }
    public Informer<V1PersistentVolume> PersistentVolumes { get; }
    public Informer<V1StorageClass> StorageClasses { get; }
    public Informer<V1CertificateSigningRequest> CertificateSigningRequests { get; }

    public Informer<V1ValidatingAdmissionPolicy> ValidatingAdmissionPolicies { get; }
    public Informer<V1FlowSchema> FlowSchemas { get; }
    public Informer<V1PriorityLevelConfiguration> PriorityLevelConfigurations { get; }
    public IReadOnlyList<IInformer> All { get; }

    /// <summary>The informers every replica runs whether or not it leads anything: RBAC, which the authorizer reads on every request.</summary>
    public IReadOnlyList<IInformer> AlwaysRunning { get; }
}
