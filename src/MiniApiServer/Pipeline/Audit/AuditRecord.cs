using System.Globalization;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Security;

namespace MiniApiServer.Pipeline.Audit;

/// <summary>What every stage's audit.k8s.io/v1 Event of one request repeats (k8s.io/apiserver/pkg/audit/request.go NewEventFromRequest).</summary>
internal sealed class AuditRecord(string auditId, AuditLevel level, AuthorizationAttributes attributes, HttpContext context, DateTimeOffset received,
    Dictionary<string, string> admissionAnnotations)
{
    private readonly List<string> _sourceIps = AuditSourceIps.Of(context);

    /// <summary>
    /// The Status a filter or handler answered with instead of throwing (the authorizer's 403), which upstream's
    /// responsewriters hand to audit.LogResponseObject as they write it.
    /// </summary>
    public ApiException? WrittenStatus { get; set; }

    public JsonObject Event(string stage, DateTimeOffset at, JsonObject? responseStatus, JsonNode? requestObject = null, JsonNode? responseObject = null)
    {
        var request = context.Request;
        var audit = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["level"] = level.ToString(),
            ["auditID"] = auditId,
            ["stage"] = stage,
            ["requestURI"] = request.Path.Value + request.QueryString.Value,
            ["verb"] = attributes.Verb,
            ["user"] = User(attributes.User),
        };
        // filters/impersonation.go's LogImpersonatedUser: whom the requester acted as, once impersonation has run.
        if (context.Items[UserInfo.ContextKey] is UserInfo acting && !ReferenceEquals(acting, attributes.User))
        {
            audit["impersonatedUser"] = User(acting);
        }
        if (_sourceIps.Count > 0)
        {
            audit["sourceIPs"] = new JsonArray([.. _sourceIps.Select(ip => (JsonNode?)ip)]);
        }
        Add(audit, "userAgent", request.Headers.UserAgent.ToString());
        if (attributes.IsResourceRequest)
        {
            var objectRef = new JsonObject { ["resource"] = attributes.Resource };
            Add(objectRef, "namespace", attributes.Namespace);
            Add(objectRef, "name", attributes.Name);
            Add(objectRef, "apiGroup", attributes.ApiGroup);
            Add(objectRef, "apiVersion", ApiVersion(request.Path.Value ?? ""));
            Add(objectRef, "subresource", attributes.Subresource);
            audit["objectRef"] = objectRef;
        }
        if (responseStatus is not null)
        {
            audit["responseStatus"] = responseStatus;
        }
        if (requestObject is not null)
        {
            audit["requestObject"] = requestObject;
        }
        if (responseObject is not null)
        {
            audit["responseObject"] = responseObject;
        }
        audit["requestReceivedTimestamp"] = MicroTime(received);
        audit["stageTimestamp"] = MicroTime(at);
        // The authorization filter's annotations (filters/authorization.go), once it has decided, then admission's.
        var annotations = new JsonObject();
        if (context.Items[AuditMiddleware.DecisionKey] is AuthorizationDecision decision)
        {
            annotations["authorization.k8s.io/decision"] = decision.Allowed ? "allow" : "forbid";
            annotations["authorization.k8s.io/reason"] = decision.Reason;
        }
        lock (admissionAnnotations)
        {
            foreach (var (key, value) in admissionAnnotations)
            {
                annotations[key] = value;
            }
        }
        if (annotations.Count > 0)
        {
            audit["annotations"] = annotations;
        }
        return audit;
    }

    /// <summary>
    /// metav1.Status as the event keeps it (audit.LogResponseObject's bounded copy): the code, and for an error its
    /// status, message, reason and details; no kind or apiVersion.
    /// </summary>
    public static JsonObject ResponseStatus(int code, ApiException? failure)
    {
        if (failure is null)
        {
            return new JsonObject { ["metadata"] = new JsonObject(), ["code"] = code };
        }
        var status = Http.StatusWriter.ToStatus(failure);
        status.Remove("kind");
        status.Remove("apiVersion");
        return status;
    }

    // authentication/v1 UserInfo: every field omitempty, so a request nobody authenticated has "user":{}.
    internal static JsonObject User(UserInfo info)
    {
        var user = new JsonObject();
        Add(user, "username", info.Name);
        Add(user, "uid", info.Uid);
        if (info.Groups.Count > 0)
        {
            user["groups"] = new JsonArray([.. info.Groups.Select(g => (JsonNode?)g)]);
        }
        if (info.Extra.Count > 0)
        {
            user["extra"] = new JsonObject(info.Extra.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode?)v)]))));
        }
        return user;
    }

    private static string ApiVersion(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["api", var version, ..] => version,
            ["apis", _, var version, ..] => version,
            _ => "",
        };
    }

    internal static void Add(JsonObject obj, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            obj[key] = value;
        }
    }

    internal static string MicroTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
