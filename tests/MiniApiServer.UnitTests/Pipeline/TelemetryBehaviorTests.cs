using System.Collections.Concurrent;
using System.Diagnostics;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Features;
using MiniApiServer.Pipeline;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Pipeline;

public sealed class TelemetryBehaviorTests
{
    private static readonly ResourceRegistry Registry = new();

    [Fact]
    public async Task CountsTimesAndTracesEachOutcome()
    {
        var user = "test-" + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PipelineTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if ((string?)a.GetTagItem("k8s.user") == user)
                {
                    spans.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var behavior = new TelemetryBehavior<DeleteObjectCommand, ObjectResult>();
        var command = new DeleteObjectCommand(Registry.Pods, "default", "p", DeleteOptions.Default, user);
        var success = PipelineTelemetry.Commands.WithLabels(nameof(DeleteObjectCommand), "success").Value;
        var notFound = PipelineTelemetry.Commands.WithLabels(nameof(DeleteObjectCommand), "NotFound").Value;
        var timed = PipelineTelemetry.Seconds.WithLabels(nameof(DeleteObjectCommand)).Count;

        var result = await behavior.Handle(command, (_, _) => ValueTask.FromResult(new ObjectResult([], 200, [], 1)), CancellationToken.None);
        await Assert.ThrowsAsync<ApiException>(async () =>
            await behavior.Handle(command, (_, _) => throw ApiErrors.NotFound(Registry.Pods, "p"), CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(success + 1, PipelineTelemetry.Commands.WithLabels(nameof(DeleteObjectCommand), "success").Value);
        Assert.Equal(notFound + 1, PipelineTelemetry.Commands.WithLabels(nameof(DeleteObjectCommand), "NotFound").Value);
        Assert.Equal(timed + 2, PipelineTelemetry.Seconds.WithLabels(nameof(DeleteObjectCommand)).Count);
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s =>
        {
            Assert.Equal(nameof(DeleteObjectCommand), s.OperationName);
            Assert.Equal("delete", s.GetTagItem("k8s.verb"));
            Assert.Equal("pods", s.GetTagItem("k8s.resource"));
        });
        Assert.Equal([ActivityStatusCode.Unset, ActivityStatusCode.Error], spans.Select(s => s.Status));
    }

    [Fact]
    public async Task AQueryAnsweringNullCountsAsNotFound()
    {
        var behavior = new TelemetryBehavior<GetObjectQuery, StoredObject?>();
        var query = new GetObjectQuery(Registry.Pods, "default", "missing");
        var success = PipelineTelemetry.Commands.WithLabels(nameof(GetObjectQuery), "success").Value;
        var notFound = PipelineTelemetry.Commands.WithLabels(nameof(GetObjectQuery), "NotFound").Value;

        var found = await behavior.Handle(query, (_, _) => ValueTask.FromResult<StoredObject?>(null), CancellationToken.None);

        Assert.Null(found);
        Assert.Equal(notFound + 1, PipelineTelemetry.Commands.WithLabels(nameof(GetObjectQuery), "NotFound").Value);
        Assert.Equal(success, PipelineTelemetry.Commands.WithLabels(nameof(GetObjectQuery), "success").Value);
    }
}
