namespace MiniApiServer.Controllers;

/// <summary>Control-plane settings (configuration section "Controllers"). Defaults follow upstream unless noted.</summary>
public sealed class ControllerOptions
{
    /// <summary>
    /// Whether a start creates the default StorageClass "standard" (provisioned by the simulated local-path
    /// provisioner) when it is missing, as k3s applies its local-storage manifest unless --disable local-storage.
    /// </summary>
    public bool DefaultStorageClass { get; set; } = true;

    /// <summary>--concurrent-daemonset-syncs (upstream default 2).</summary>
    public int DaemonSetWorkers { get; set; } = 2;

    /// <summary>--concurrent-replicaset-syncs (upstream default 5).</summary>
    public int ReplicaSetWorkers { get; set; } = 5;

    /// <summary>--concurrent-replicationcontroller-syncs (upstream default 5).</summary>
    public int ReplicationControllerWorkers { get; set; } = 5;

    /// <summary>--concurrent-deployment-syncs (upstream default 5).</summary>
    public int DeploymentWorkers { get; set; } = 5;

    /// <summary>--concurrent-statefulset-syncs (upstream default 5).</summary>
    public int StatefulSetWorkers { get; set; } = 5;

    /// <summary>
    /// Scheduler workers: the scheduling cycle is serialized, so more workers only overlap binding writes (upstream
    /// binds in a goroutine per pod); binds are commit-latency bound, so enough must be in flight to batch.
    /// </summary>
    public int SchedulerWorkers { get; set; } = 16;

    /// <summary>How long the scheduler waits for a pod's claims to be bound (VolumeBindingArgs.BindTimeoutSeconds, 600 s).</summary>
    public TimeSpan VolumeBindTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Garbage collector workers (upstream --concurrent-gc-syncs, default 20).</summary>
    public int GarbageCollectorWorkers { get; set; } = 4;

    /// <summary>How often the node lifecycle controller checks heartbeats (upstream --node-monitor-period 5s).</summary>
    public TimeSpan NodeMonitorPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missing heartbeats for this long make a node Unknown (upstream --node-monitor-grace-period, 50s in 1.32).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>How long PodGC waits before deleting pods of a vanished node (upstream quarantine 40s; shorter here so the demo is prompt).</summary>
    public TimeSpan PodGcQuarantine { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>PodGC pass period (upstream 20s).</summary>
    public TimeSpan PodGcPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>--terminated-pod-gc-threshold.</summary>
    public int TerminatedPodThreshold { get; set; } = 12500;

    /// <summary>Simulated kubelet: delay between a pod running and reporting Ready.</summary>
    public TimeSpan SimulatedReadyDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Simulated kubelet: graceful deletions finish after min(grace period, this).</summary>
    public TimeSpan SimulatedMaxGracePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Simulated containers write a log line this often (kubectl logs -f shows them arrive).</summary>
    public TimeSpan SimulatedLogInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Simulated kubelet: a Job's pod (or one with restartPolicy Never/OnFailure and a sim.miniapiserver.io/run-time
    /// annotation) exits this long after it started; sim.miniapiserver.io/fail: "true" makes it exit 1.
    /// </summary>
    public TimeSpan SimulatedJobRunTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>--concurrent-job-syncs (upstream default 5).</summary>
    public int JobWorkers { get; set; } = 5;

    /// <summary>--concurrent-cron-job-syncs (upstream default 5).</summary>
    public int CronJobWorkers { get; set; } = 5;

    /// <summary>First delay before a failed Job pod is replaced, doubling per failure up to 6 minutes (upstream DefaultJobPodFailureBackOff 10s).</summary>
    public TimeSpan JobPodFailureBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>--concurrent-service-endpoint-syncs (upstream default 5).</summary>
    public int EndpointSliceWorkers { get; set; } = 5;

    /// <summary>Simulated kubelet: Lease renewal interval (kubelet default 10s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Number of simulated nodes registered at start (--nodes).</summary>
    public int Nodes { get; set; } = 3;

    /// <summary>Events expire this long after they were last seen (kube-apiserver --event-ttl, default 1 h).</summary>
    public TimeSpan EventTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often expired events are swept.</summary>
    public TimeSpan EventTtlCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the csrcleaner sweeps CertificateSigningRequests (cleaner.go pollingInterval: an hour).</summary>
    public TimeSpan CsrCleanerPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Disruption controller: a DisruptionTarget condition on a pod that is not deleting is reset after this (upstream 2 min).</summary>
    public TimeSpan StalePodDisruptionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How soon a Terminating namespace whose content is still going away is looked at again.</summary>
    public TimeSpan NamespaceSyncPeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>--horizontal-pod-autoscaler-sync-period: how often each HPA is reconciled (upstream 15s).</summary>
    public TimeSpan HorizontalPodAutoscalerSyncPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>--horizontal-pod-autoscaler-downscale-stabilization (upstream 5m).</summary>
    public TimeSpan HorizontalPodAutoscalerDownscaleStabilization { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>--horizontal-pod-autoscaler-cpu-initialization-period (upstream 5m).</summary>
    public TimeSpan HorizontalPodAutoscalerCpuInitializationPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>--horizontal-pod-autoscaler-initial-readiness-delay (upstream 30s).</summary>
    public TimeSpan HorizontalPodAutoscalerInitialReadinessDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>--horizontal-pod-autoscaler-tolerance: a usage ratio this close to 1 changes nothing (upstream 0.1).</summary>
    public double HorizontalPodAutoscalerTolerance { get; set; } = 0.1;
}
