using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// Jobs over HTTP, against pkg/apis/batch/validation validateJobSpec and validatePodReplacementPolicy: its order of
/// errors, a non-negative activeDeadlineSeconds, the per-index backoff rules. Expected messages are upstream's.
/// </summary>
public sealed class JobSpecValidationTests : ServerTest
{
    private const string Jobs = "/apis/batch/v1/namespaces/default/jobs";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Job(string name, string spec, string restartPolicy = "\"restartPolicy\":\"Never\",") =>
        "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec + "\"template\":{\"spec\":{" + restartPolicy
        + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}";

    private Task<string> InvalidAsync(string json) => Server.Http.InvalidMessageAsync(HttpMethod.Post, Jobs, json);

    [Fact]
    public async Task Counts_InUpstreamOrder_AndADeadlineOfZeroIsAllowed()
    {
        Assert.Equal("Job.batch \"y1\" is invalid: [spec.parallelism: Invalid value: -1: must be greater than or equal to 0, "
            + "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"]",
            await InvalidAsync(Job("y1", "\"parallelism\":-1,\"activeDeadlineSeconds\":0,", restartPolicy: "")));
        Assert.Equal("Job.batch \"d\" is invalid: [spec.activeDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0, "
            + "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0]",
            await InvalidAsync(Job("d", "\"backoffLimit\":-1,\"activeDeadlineSeconds\":-5,")));
        var zero = await Server.Http.CreateAsync(Jobs, Job("zero", "\"activeDeadlineSeconds\":0,\"suspend\":true,"));
        Assert.Equal(0, (long)zero["spec"]!["activeDeadlineSeconds"]!);
    }

    [Fact]
    public async Task PerIndexBackoff_NeedsIndexedCompletion()
    {
        Assert.Equal("Job.batch \"p1\" is invalid: spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
            await InvalidAsync(Job("p1", "\"backoffLimitPerIndex\":1,")));
        Assert.Equal("Job.batch \"p2\" is invalid: [spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified, "
            + "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode]",
            await InvalidAsync(Job("p2", "\"maxFailedIndexes\":1,")));
        Assert.Equal("Job.batch \"p3\" is invalid: [spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0, "
            + "spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions]",
            await InvalidAsync(Job("p3", "\"completionMode\":\"Indexed\",\"completions\":3,\"backoffLimitPerIndex\":-1,\"maxFailedIndexes\":5,")));
        Assert.Equal("Job.batch \"p5\" is invalid: spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
            await InvalidAsync(Job("p5", "\"completionMode\":\"Indexed\",\"completions\":200000,\"backoffLimitPerIndex\":1,\"maxFailedIndexes\":100001,\"suspend\":true,")));
        Assert.Equal("Job.batch \"p4\" is invalid: spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed",
            await InvalidAsync(Job("p4", "\"completionMode\":\"Indexed\",\"completions\":3,\"parallelism\":100001,")));
    }

    [Fact]
    public async Task PodReplacementPolicy_IsOneOfTheKnown()
    {
        Assert.Equal("Job.batch \"r\" is invalid: spec.podReplacementPolicy: Unsupported value: \"Foo\": supported values: \"Failed\", \"TerminatingOrFailed\"",
            await InvalidAsync(Job("r", "\"podReplacementPolicy\":\"Foo\",")));
        Assert.Equal("Job.batch \"f\" is invalid: spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\"",
            await InvalidAsync(Job("f", "\"podReplacementPolicy\":\"TerminatingOrFailed\",\"podFailurePolicy\":{\"rules\":[{\"action\":\"FailJob\",\"onExitCodes\":{\"operator\":\"In\",\"values\":[42]}}]},")));
    }
}
