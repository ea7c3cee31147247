using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.ReplicaSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Replication;

/// <summary>
/// The replication manager (pkg/controller/replication/replication_controller.go): the ReplicaSet controller over
/// ReplicationControllers converted by <see cref="ReplicationControllerConversion"/>, as upstream's NewReplicationManager
/// wraps replicaset.NewBaseController in conversion adapters, with its own queue, component and service account.
/// </summary>
public sealed class ReplicationManager(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, EventRecorder events,
    TimeProvider time, ControllerOptions options, ILogger<ReplicationManager> logger)
    : ReplicaSetController(Source(informers, registry), options.ReplicationControllerWorkers, informers, service, sender, registry, events, time, logger)
{
    public new const string Component = "replication-controller";

    private static ReplicaSetSource<V1ReplicationController> Source(SharedInformers informers, ResourceRegistry registry) =>
        new(informers.ReplicationControllers, registry.ReplicationControllers, Component, "replicationmanager", "replication-controller",
            ReplicationControllerConversion.ToReplicaSet, (rc, status) => rc.Status = ReplicationControllerConversion.ToStatus(status));
}
