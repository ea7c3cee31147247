using System.Text.Json.Nodes;
using MiniApiServer.Http;

namespace MiniApiServer.Security.Reviews;

/// <summary>
/// A review's answer: the request's own kind with an empty metadata (a namespace for LocalSubjectAccessReview), never
/// stored, sent as 201 Created as the create handler does for every create-only REST storage.
/// </summary>
internal static class ReviewResponse
{
    public static JsonObject Created(string kind, string apiVersion, JsonObject body, string ns = "")
    {
        var metadata = new JsonObject();
        if (ns.Length > 0)
        {
            metadata["namespace"] = ns;
        }
        metadata["creationTimestamp"] = null;
        var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion, ["metadata"] = metadata };
        foreach (var (k, v) in body.ToList())
        {
            body.Remove(k);
            obj[k] = v;
        }
        return obj;
    }

    public static Task WriteAsync(HttpResponse response, JsonObject body) =>
        ObjectWriter.WriteObjectAsync(response, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), 201);

    /// <summary>authentication/v1 UserInfo: username, and uid, groups and extra when set.</summary>
    public static JsonObject UserInfo(UserInfo user)
    {
        var info = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
        {
            info["uid"] = user.Uid;
        }
        if (user.Groups.Count > 0)
        {
            info["groups"] = Strings(user.Groups);
        }
        if (user.Extra.Count > 0)
        {
            info["extra"] = new JsonObject(user.Extra.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Strings(p.Value))));
        }
        return info;
    }

    public static JsonArray Strings(IEnumerable<string>? values) => new((values ?? []).Select(v => (JsonNode?)v).ToArray());
}
