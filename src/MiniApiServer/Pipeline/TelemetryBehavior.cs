using System.Diagnostics;
using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Errors;
using Prometheus;

namespace MiniApiServer.Pipeline;

/// <summary>A span, a count by outcome and a latency for every command and query, whoever sent it.</summary>
public sealed class TelemetryBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string Command = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        using var activity = PipelineTelemetry.Source.StartActivity(Command);
        if (activity is not null && message is IWriteCommand write)
        {
            activity.SetTag("k8s.verb", write.Verb);
            activity.SetTag("k8s.resource", write.Type.GroupResource);
            activity.SetTag("k8s.user", write.User);
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var response = await next(message, cancellationToken).ConfigureAwait(false);
            // A query answers a missing object with null rather than an exception (GetObjectQuery); it counts as the
            // NotFound a thrown ApiException would have counted.
            outcome = response is null && message is Features.GetObjectQuery ? "NotFound" : "success";
            return response;
        }
        catch (ApiException ex)
        {
            outcome = ex.Reason;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            PipelineTelemetry.Commands.WithLabels(Command, outcome).Inc();
            PipelineTelemetry.Seconds.WithLabels(Command).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
