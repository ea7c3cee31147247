using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Jobs;

/// <summary>Ports of test/integration/job/job_test.go: completions, parallelism, backoff limit, active deadline, finalizers.</summary>
public sealed class JobControllerTests : ServerTest
{
    private const string Finalizer = "batch.kubernetes.io/job-tracking";

    protected override ApiServerHost StartServer() => JobKit.StartServer();

    [Fact]
    public async Task ParallelJob_RunsAtMostParallelismPods_AndCompletesAfterCompletions()
    {
        var job = await Client.CreateNamespacedJobAsync(JobKit.Job("parallel", completions: 4, parallelism: 2), "default");
        var maxActive = 0;
        var done = await Eventually.Get(async () =>
        {
            var pods = await JobKit.PodsOfAsync(Client, job);
            maxActive = Math.Max(maxActive, pods.Count(p => p.Status?.Phase is not ("Succeeded" or "Failed") && p.Metadata.DeletionTimestamp is null));
            return await Client.ReadNamespacedJobAsync("parallel", "default");
        }, j => JobKit.Condition(j, "Complete") is not null, TimeSpan.FromSeconds(40), "job complete");

        Assert.InRange(maxActive, 1, 2);
        Assert.Equal(4, done.Status.Succeeded);
        Assert.Equal(0, done.Status.Active ?? 0);
        Assert.Null(done.Status.Failed is > 0 ? done.Status.Failed : null);
        Assert.NotNull(done.Status.StartTime);
        Assert.NotNull(done.Status.CompletionTime);
        var success = JobKit.Condition(done, "SuccessCriteriaMet");
        Assert.Equal("CompletionsReached", success?.Reason);
        Assert.Equal("CompletionsReached", JobKit.Condition(done, "Complete")!.Reason);
        Assert.Equal("Reached expected number of succeeded pods", JobKit.Condition(done, "Complete")!.Message);
        var pods = await JobKit.PodsOfAsync(Client, job);
        Assert.Equal(4, pods.Count(p => p.Status.Phase == "Succeeded"));
        Assert.All(pods, p => Assert.DoesNotContain(Finalizer, p.Metadata.Finalizers ?? []));
    }

    [Fact]
    public async Task Defaults_GenerateSelectorAndLabels_AsUpstream()
    {
        var job = await Client.CreateNamespacedJobAsync(JobKit.Job("defaults"), "default");

        Assert.Equal(1, job.Spec.Completions);
        Assert.Equal(1, job.Spec.Parallelism);
        Assert.Equal(6, job.Spec.BackoffLimit);
        Assert.Equal("NonIndexed", job.Spec.CompletionMode);
        Assert.False(job.Spec.ManualSelector);
        Assert.Equal(job.Metadata.Uid, job.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"]);
        var labels = job.Spec.Template.Metadata.Labels;
        Assert.Equal("defaults", labels["batch.kubernetes.io/job-name"]);
        Assert.Equal("defaults", labels["job-name"]);
        Assert.Equal(job.Metadata.Uid, labels["controller-uid"]);
        var pod = (await Eventually.Get(() => JobKit.PodsOfAsync(Client, job), p => p.Count > 0, what: "job pod")).Single();
        Assert.StartsWith("defaults-", pod.Metadata.Name, StringComparison.Ordinal);
        var owner = Assert.Single(pod.Metadata.OwnerReferences);
        Assert.Equal(("batch/v1", "Job", "defaults", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Controller, owner.BlockOwnerDeletion));
    }

    [Fact]
    public async Task FailingPods_ReachBackoffLimit_JobFailsWithBackoffLimitExceeded()
    {
        var job = await Client.CreateNamespacedJobAsync(
            JobKit.Job("failing", backoffLimit: 2, podAnnotations: new() { ["sim.miniapiserver.io/fail"] = "true" }), "default");

        var failed = await JobKit.WaitForConditionAsync(Client, "failing", "Failed", TimeSpan.FromSeconds(40));

        Assert.Equal(3, failed.Status.Failed);
        Assert.Equal(0, failed.Status.Succeeded ?? 0);
        Assert.Equal("BackoffLimitExceeded", JobKit.Condition(failed, "Failed")!.Reason);
        Assert.Equal("Job has reached the specified backoff limit", JobKit.Condition(failed, "Failed")!.Message);
        Assert.Equal("BackoffLimitExceeded", JobKit.Condition(failed, "FailureTarget")!.Reason);
        Assert.Null(JobKit.Condition(failed, "Complete"));
        var pods = await JobKit.PodsOfAsync(Client, job);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal("Failed", p.Status.Phase));
        Assert.All(pods, p => Assert.Equal(1, p.Status.ContainerStatuses.Single().State.Terminated.ExitCode));
    }

    [Fact]
    public async Task ActiveDeadline_Passed_JobFailsWithDeadlineExceeded_AndItsPodsGo()
    {
        var spec = JobKit.Job("deadline", podAnnotations: new() { ["sim.miniapiserver.io/run-time"] = "1h" });
        spec.Spec.ActiveDeadlineSeconds = 2;
        var job = await Client.CreateNamespacedJobAsync(spec, "default");

        var failed = await JobKit.WaitForConditionAsync(Client, "deadline", "Failed", TimeSpan.FromSeconds(30));

        Assert.Equal("DeadlineExceeded", JobKit.Condition(failed, "Failed")!.Reason);
        Assert.Equal("Job was active longer than specified deadline", JobKit.Condition(failed, "Failed")!.Message);
        Assert.Equal(0, failed.Status.Active ?? 0);
        await Eventually.True(async () => (await JobKit.PodsOfAsync(Client, job)).All(p => p.Metadata.DeletionTimestamp is not null || p.Status.Phase != "Running"),
            what: "running pods deleted");
    }

    [Fact]
    public async Task TtlSecondsAfterFinished_DeletesTheFinishedJob_AndItsPods()
    {
        var spec = JobKit.Job("ttl");
        spec.Spec.TtlSecondsAfterFinished = 1;
        var job = await Client.CreateNamespacedJobAsync(spec, "default");

        // The Job is Complete for about a second before it goes, which polling can miss on a loaded machine; a watch
        // from its creation sees every state, and the deletion carries the last one.
        using var watch = await Server.Http.GetAsync(
            $"/apis/batch/v1/namespaces/default/jobs?watch=true&fieldSelector=metadata.name%3Dttl&resourceVersion={job.Metadata.ResourceVersion}",
            HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await watch.Content.ReadAsStreamAsync());
        System.Text.Json.Nodes.JsonNode? deleted = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (deleted is null && await events.ReadLineAsync(deadline.Token) is { } line)
        {
            var e = System.Text.Json.Nodes.JsonNode.Parse(line)!;
            deleted = e["type"]!.GetValue<string>() == "DELETED" ? e["object"] : null;
        }

        Assert.NotNull(deleted);
        Assert.Contains(deleted["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Complete" && c["status"]!.GetValue<string>() == "True");
        await Eventually.True(async () => (await JobKit.PodsOfAsync(Client, job)).Count == 0, TimeSpan.FromSeconds(20), "ttl job pods deleted");
    }

    /// <summary>
    /// job_controller.go's syncJob for suspension: a suspended Job has the Suspended condition (JobSuspended, "Job
    /// suspended"), no startTime and no running pods; resuming turns the condition False (JobResumed) and starts the
    /// Job anew; suspending it again deletes its running pods.
    /// </summary>
    [Fact]
    public async Task Suspension_IsAConditionAndStopsThePods()
    {
        var spec = JobKit.Job("paused", parallelism: 2, completions: 2, podAnnotations: new() { ["sim.miniapiserver.io/run-time"] = "1h" });
        spec.Spec.Suspend = true;
        var job = await Client.CreateNamespacedJobAsync(spec, "default");

        var suspended = await JobKit.WaitForConditionAsync(Client, "paused", "Suspended");
        var condition = JobKit.Condition(suspended, "Suspended")!;
        Assert.Equal(("JobSuspended", "Job suspended"), (condition.Reason, condition.Message));
        Assert.Null(suspended.Status.StartTime);
        Assert.Empty(await JobKit.PodsOfAsync(Client, job));

        await Server.Http.MergePatchAsync("/apis/batch/v1/namespaces/default/jobs/paused", """{"spec":{"suspend":false}}""");
        var resumed = await Eventually.Get(() => Client.ReadNamespacedJobAsync("paused", "default"),
            j => j.Status?.Conditions?.Any(c => c.Type == "Suspended" && c.Status == "False") == true, what: "Suspended=False");
        var resumedCondition = resumed.Status.Conditions.Single(c => c.Type == "Suspended");
        Assert.Equal(("JobResumed", "Job resumed"), (resumedCondition.Reason, resumedCondition.Message));
        Assert.NotNull(resumed.Status.StartTime);
        await Eventually.Get(() => JobKit.PodsOfAsync(Client, job), p => p.Count(pod => pod.Metadata.DeletionTimestamp is null) == 2, what: "two pods running");

        await Server.Http.MergePatchAsync("/apis/batch/v1/namespaces/default/jobs/paused", """{"spec":{"suspend":true}}""");
        await JobKit.WaitForConditionAsync(Client, "paused", "Suspended");
        await Eventually.True(async () => (await JobKit.PodsOfAsync(Client, job)).All(p => p.Metadata.DeletionTimestamp is not null),
            TimeSpan.FromSeconds(20), "running pods deleted on suspension");
    }

    /// <summary>
    /// batch/v1 keeps a Job's pods when the DELETE names no policy (the job strategy's DefaultGarbageCollectionPolicy,
    /// OrphanDependents for back compatibility) and says so in a warning (job storage's deleteOptionWarnings).
    /// </summary>
    [Fact]
    public async Task DeletingWithoutAPolicy_OrphansThePods_AndWarns()
    {
        var job = await Client.CreateNamespacedJobAsync(
            JobKit.Job("kept", parallelism: 2, completions: 2, podAnnotations: new() { ["sim.miniapiserver.io/run-time"] = "1h" }), "default");
        await Eventually.Get(() => JobKit.PodsOfAsync(Client, job), p => p.Count == 2, what: "two pods");

        using var deleted = await Server.Http.DeleteAsync("/apis/batch/v1/namespaces/default/jobs/kept");

        Assert.Equal(System.Net.HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["299 - \"child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning\""],
            deleted.Headers.GetValues("Warning"));
        await Eventually.True(async () => (await Server.Http.GetAsync("/apis/batch/v1/namespaces/default/jobs/kept")).StatusCode == System.Net.HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(20), "job gone");
        // Orphaned, they lose their owner and the tracking finalizer with it (the job controller's orphan cleanup), so
        // deleting them later is not held up.
        var orphans = await Eventually.Get(() => JobKit.PodsOfAsync(Client, job),
            p => p.All(pod => pod.Metadata.OwnerReferences is null or { Count: 0 } && !(pod.Metadata.Finalizers ?? []).Contains(Finalizer)),
            TimeSpan.FromSeconds(20), "pods without an owner or a tracking finalizer");
        Assert.Equal(2, orphans.Count(p => p.Metadata.DeletionTimestamp is null));
    }

    [Fact]
    public async Task DeletingARunningJob_CascadesToPods_DespiteTheTrackingFinalizer()
    {
        var job = await Client.CreateNamespacedJobAsync(
            JobKit.Job("cascade", parallelism: 2, completions: 2, podAnnotations: new() { ["sim.miniapiserver.io/run-time"] = "1h" }), "default");
        var pods = await Eventually.Get(() => JobKit.PodsOfAsync(Client, job), p => p.Count == 2, what: "two pods");
        Assert.All(pods, p => Assert.Contains(Finalizer, p.Metadata.Finalizers));

        await Client.DeleteNamespacedJobAsync("cascade", "default", new V1DeleteOptions { PropagationPolicy = "Background" });

        await Eventually.True(async () => (await JobKit.PodsOfAsync(Client, job)).Count == 0, TimeSpan.FromSeconds(20), "pods of the deleted job gone");
    }

    [Fact]
    public async Task Validation_RestartPolicyAlways_IsRefusedAsUpstream()
    {
        var spec = JobKit.Job("always");
        spec.Spec.Template.Spec.RestartPolicy = "Always";

        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => Client.CreateNamespacedJobAsync(spec, "default"));

        Assert.Equal(422, (int)ex.Response.StatusCode);
        var message = System.Text.Json.Nodes.JsonNode.Parse(ex.Response.Content)!["message"]!.GetValue<string>();
        // validateJobSpec reads Always (what defaulting makes of an omitted policy) as not chosen: Required, not NotSupported.
        Assert.Equal("Job.batch \"always\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"", message);
    }
}
