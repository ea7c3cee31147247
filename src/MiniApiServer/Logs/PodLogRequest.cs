using System.Globalization;
using MiniApiServer.Application.Errors;
using MiniApiServer.Http;

namespace MiniApiServer.Logs;

/// <summary>core/v1 PodLogOptions from the query, validated as pkg/apis/core/validation ValidatePodLogOptions does.</summary>
public sealed record PodLogRequest(
    string? Container, bool Follow, bool Previous, bool Timestamps, long? TailLines, long? LimitBytes, long? SinceSeconds, DateTimeOffset? SinceTime)
{
    public static PodLogRequest Parse(HttpRequest request, string podName)
    {
        var container = request.Query["container"].ToString();
        var options = new PodLogRequest(
            container.Length == 0 ? null : container,
            QueryParameters.Bool(request, "follow"),
            QueryParameters.Bool(request, "previous"),
            QueryParameters.Bool(request, "timestamps"),
            QueryParameters.Int64(request, "tailLines"),
            QueryParameters.Int64(request, "limitBytes"),
            QueryParameters.Int64(request, "sinceSeconds"),
            SinceTimeOf(request));
        var errors = new FieldErrors();
        if (options.TailLines < 0)
        {
            errors.Invalid("tailLines", options.TailLines, "must be greater than or equal to 0");
        }
        if (options.LimitBytes < 1)
        {
            errors.Invalid("limitBytes", options.LimitBytes, "must be greater than 0");
        }
        if (options.SinceSeconds is not null && options.SinceTime is not null)
        {
            errors.Forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        else if (options.SinceSeconds < 1)
        {
            errors.Invalid("sinceSeconds", options.SinceSeconds, "must be greater than 0");
        }
        return errors.Any ? throw ApiErrors.Invalid("", "PodLogOptions", podName, errors.Causes) : options;
    }

    /// <summary>The earliest line to send, from sinceSeconds or sinceTime.</summary>
    public DateTimeOffset? Since(DateTimeOffset now) => SinceSeconds is { } s ? now - TimeSpan.FromSeconds(s) : SinceTime;

    private static DateTimeOffset? SinceTimeOf(HttpRequest request)
    {
        var value = request.Query["sinceTime"].ToString();
        if (value.Length == 0)
        {
            return null;
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw ApiErrors.BadRequest($"invalid value for sinceTime: parsing time \"{value}\" as RFC3339");
    }
}
