using MiniApiServer.Storage;
using Prometheus;

namespace MiniApiServer.Observability;

/// <summary>kube-apiserver's metric names where one exists, so existing dashboards and queries carry over.</summary>
public sealed class ApiMetrics
{
    public static readonly Counter Requests = Metrics.CreateCounter("apiserver_request_total",
        "Counter of apiserver requests broken out for each verb, resource and HTTP response code.", "verb", "resource", "code");

    public static readonly Histogram RequestSeconds = Metrics.CreateHistogram("apiserver_request_duration_seconds",
        "Response latency distribution in seconds for each verb and resource.", new HistogramConfiguration
        {
            LabelNames = ["verb", "resource"],
            Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        });

    public static readonly Gauge Watches = Metrics.CreateGauge("apiserver_registered_watchers",
        "Number of currently open watch streams.", "resource");

    /// <summary>Audit events the log backend failed to write (kube-apiserver's metric of the same name).</summary>
    public static readonly Counter AuditErrors = Metrics.CreateCounter("apiserver_audit_error_total",
        "Counter of audit events that failed to be audited properly. Plugin identifies the plugin affected by the error.", "plugin");

    public static readonly Counter CrdRegistrarFailures = Metrics.CreateCounter("apiextensions_crd_registrar_failures_total",
        "Failures to serve a CRD's resources from the cache, or of the registrar's watch; each is tried again.");

    /// <summary>Calls that failed under failurePolicy Ignore (kube-apiserver's metric of the same name).</summary>
    public static readonly Counter WebhookFailOpen = Metrics.CreateCounter("apiserver_admission_webhook_fail_open_count",
        "Admission webhook fail open count, identified by name and broken out for each admission type (validating or mutating).", "name", "type");

    /// <summary>Calls that failed under failurePolicy Fail and so refused the write (error_type calling_webhook_error upstream).</summary>
    public static readonly Counter WebhookCallRejections = Metrics.CreateCounter("apiserver_admission_webhook_rejection_count",
        "Admission webhook rejection count, identified by name and broken out for each admission type (validating or mutating) and error type.",
        "name", "type", "error_type");

    /// <summary>ValidatingAdmissionPolicy refusals and warnings, under validating/metrics/metrics.go's name and labels.</summary>
    public static readonly Counter ValidatingAdmissionPolicyChecks = Metrics.CreateCounter("apiserver_validating_admission_policy_check_total",
        "Validation admission policy check total, labeled by policy and further identified by binding and enforcement action taken.",
        "policy", "policy_binding", "error_type", "enforcement_action");

    /// <summary>The PodSecurity plugin's evaluations (pod-security-admission metrics/metrics.go), under its names and labels.</summary>
    public static readonly Counter PodSecurityEvaluations = Metrics.CreateCounter("pod_security_evaluations_total",
        "Number of policy evaluations that occurred, not counting ignored or exempt requests.",
        "decision", "policy_level", "policy_version", "mode", "request_operation", "resource", "subresource");

    // Every pod create and update in a namespace without labels counts here: the child is looked up once.
    private static readonly Counter.Child PrivilegedPodCreates = PodSecurityEvaluations.WithLabels("allow", "privileged", "latest", "enforce", "create", "pod", "");

    public static void CountPodSecurity(Application.Admission.PodSecurity.PodSecurityEvaluation e)
    {
        if (e is { Decision: "allow", Mode: "enforce", Operation: "create", Resource: "pod", Subresource: "" } && e.Policy.Level == Application.Admission.PodSecurity.PodSecurityLevel.Privileged)
        {
            PrivilegedPodCreates.Inc();
            return;
        }
        PodSecurityEvaluations.WithLabels(e.Decision, Application.Admission.PodSecurity.LevelVersion.Name(e.Policy.Level), e.VersionLabel, e.Mode, e.Operation, e.Resource, e.Subresource).Inc();
    }

    private static readonly Gauge StorageObjects = Metrics.CreateGauge("apiserver_storage_objects",
        "Number of stored objects at the time of last check split by kind.", "resource");

    private static readonly Histogram CommitBatch = Metrics.CreateHistogram("storage_commit_batch_size",
        "Writes folded into one SQLite transaction by group commit.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 11) });

    private static readonly Histogram CommitSeconds = Metrics.CreateHistogram("storage_commit_duration_seconds",
        "Time from a batch's first write being processed to its durable commit.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });

    private static readonly Counter CommitFailures = Metrics.CreateCounter("storage_commit_failures_total",
        "Batches whose transaction the database refused (disk full, I/O error); every write of such a batch got a 500.");

    private static readonly Histogram CompactionSeconds = Metrics.CreateHistogram("storage_compaction_batch_duration_seconds",
        "Time one compaction batch held the storage writer.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 12) });

    private static readonly Counter CompactedRows = Metrics.CreateCounter("storage_compacted_rows_total",
        "Change-log rows removed by compaction.");

    private static readonly Counter Relists = Metrics.CreateCounter("storage_relists_total",
        "Relists of the whole store because another replica compacted log rows this one had not read.");

    private static readonly Counter CompactionFailures = Metrics.CreateCounter("storage_compaction_failures_total",
        "Compaction batches the database refused; the history stays until a later batch succeeds.");

    private static readonly Counter LateConsistentReads = Metrics.CreateCounter("storage_consistent_read_deadline_exceeded_total",
        "Consistent reads served from the cache because the catch-up with the shared database outlasted the deadline.");

    private static readonly Counter EncodeFallbacks = Metrics.CreateCounter("apiserver_store_encode_fallbacks_total",
        "Stored forms written by the reflection serializer because the generated writer met an untyped field of a type it does not know.");

    private static readonly Counter CommittedHookFailures = Metrics.CreateCounter("storage_committed_hook_failures_total",
        "Durable writes whose model could not be shared with the stored version (readers decode the bytes instead).");

    private static readonly Gauge Revision = Metrics.CreateGauge("storage_current_resource_version", "The newest committed revision.");

    public ApiMetrics(ObjectStore store, ILogger<ApiMetrics> logger)
    {
        store.BatchCommitted += (count, elapsed) =>
        {
            CommitBatch.Observe(count);
            CommitSeconds.Observe(elapsed.TotalSeconds);
        };
        store.CommitFailed += _ => CommitFailures.Inc();
        store.CommittedHookFailed += ex =>
        {
            CommittedHookFailures.Inc();
            logger.LogError(ex, "sharing a written model with its stored version failed; the informers decode it instead");
        };
        store.Compacted += (rows, elapsed) =>
        {
            CompactedRows.Inc(rows);
            CompactionSeconds.Observe(elapsed.TotalSeconds);
        };
        store.CompactionFailed += ex =>
        {
            CompactionFailures.Inc();
            logger.LogError(ex, "compaction of the change log failed; retrying at the next interval");
        };
        store.Relisted += (from, to) =>
        {
            Relists.Inc();
            logger.LogWarning("the change log was compacted past revision {From} before this replica read it; relisted at {To} and cut off every watch", from, to);
        };
        store.ConsistentReadLate += deadline =>
        {
            LateConsistentReads.Inc();
            logger.LogError("a consistent read waited {Deadline} for the shared database and was served from the cache", deadline);
        };
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            foreach (var (resource, count) in store.Cache.Counts())
            {
                StorageObjects.WithLabels(resource).Set(count);
            }
            Revision.Set(store.Revision);
            EncodeFallbacks.IncTo(Application.Serialization.ModelCodec.GeneratedWriterFallbacks);
        });
    }
}
