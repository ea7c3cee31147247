using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Http;

/// <summary>Renders errors as metav1.Status, the only error shape kubectl and client libraries parse.</summary>
public static class StatusWriter
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject ToStatus(ApiException ex)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = ex.Message,
        };
        // A Status built from a failed result (eviction's "more than one PodDisruptionBudget") has no reason; upstream omits it.
        if (ex.Reason.Length > 0)
        {
            status["reason"] = ex.Reason;
        }
        if (ex.Details is { } d)
        {
            var details = new JsonObject();
            if (d.Name is not null) details["name"] = d.Name;
            if (!string.IsNullOrEmpty(d.Group)) details["group"] = d.Group;
            if (d.Kind is not null) details["kind"] = d.Kind;
            if (d.Causes is { Count: > 0 } causes)
            {
                details["causes"] = new JsonArray(causes.Select(Cause).ToArray());
            }
            if (d.RetryAfterSeconds is int retry) details["retryAfterSeconds"] = retry;
            status["details"] = details;
        }
        status["code"] = ex.Code;
        return status;
    }

    /// <summary>metav1.StatusCause: reason and field are omitempty (eviction's DisruptionBudget cause names no field, an internal error's no reason).</summary>
    private static JsonNode Cause(StatusCause c)
    {
        var cause = c.Reason.Length > 0 ? new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message } : new JsonObject { ["message"] = c.Message };
        if (c.Field.Length > 0)
        {
            cause["field"] = c.Field;
        }
        return cause;
    }

    public static async Task WriteAsync(HttpResponse response, ApiException ex)
    {
        // responsewriters' audit.LogResponseObject: the event's responseStatus is the Status answered, not just its code.
        if (response.HttpContext.Features.Get<Pipeline.Audit.AuditRecord>() is { } audit)
        {
            audit.WrittenStatus = ex;
        }
        response.StatusCode = ex.Code;
        response.ContentType = "application/json";
        ObjectWriter.AddWarnings(response, ex.Warnings);
        await response.WriteAsync(ToStatus(ex).ToJsonString(Json)).ConfigureAwait(false);
    }
}
