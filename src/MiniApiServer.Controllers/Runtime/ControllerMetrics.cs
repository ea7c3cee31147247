using Prometheus;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>client-go workqueue and controller-runtime reconcile metrics, under their upstream names.</summary>
public static class ControllerMetrics
{
    public static readonly Gauge Depth = Metrics.CreateGauge("workqueue_depth", "Current depth of workqueue", "name");
    public static readonly Counter Adds = Metrics.CreateCounter("workqueue_adds_total", "Total number of adds handled by workqueue", "name");
    public static readonly Counter Retries = Metrics.CreateCounter("workqueue_retries_total", "Total number of retries handled by workqueue", "name");
    public static readonly Histogram ReconcileSeconds = Metrics.CreateHistogram("controller_reconcile_duration_seconds",
        "Time taken by one reconcile, per controller", new HistogramConfiguration
        {
            LabelNames = ["controller"],
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });
    public static readonly Counter ReconcileErrors = Metrics.CreateCounter("controller_reconcile_errors_total", "Reconciles that failed and were requeued", "controller");
    public static readonly Counter HandlerErrors = Metrics.CreateCounter("controller_informer_handler_errors_total", "Informer event handlers that threw", "resource");
    public static readonly Counter ExpectationsExpired = Metrics.CreateCounter("controller_expectations_expired_total",
        "Expectations that timed out unobserved (a lost informer event), per controller", "controller");
    public static readonly Counter LeaderTransitions = Metrics.CreateCounter("leader_election_acquired_total",
        "Times this process became the holder of a leader-election Lease", "lease");
    public static readonly Counter EventsDropped = Metrics.CreateCounter("events_dropped_total",
        "Events the recorder dropped because storage refused to write them", "reason");
    public static readonly Gauge InformersRunning = Metrics.CreateGauge("controller_informers_running",
        "Shared informers this process runs: all of them with SQLite; on PostgreSQL the RBAC ones always and the rest only while it leads a component");
    public static readonly Counter InformerRestarts = Metrics.CreateCounter("controller_informer_restarts_total", "Informer runs that died and were restarted with a relist", "resource");
}
