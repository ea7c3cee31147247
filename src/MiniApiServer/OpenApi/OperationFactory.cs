using System.Text.Json.Nodes;

namespace MiniApiServer.OpenApi;

/// <summary>Builds operation objects in the upstream shape (tags, x-kubernetes-action, single-object GVK).</summary>
internal sealed class OperationFactory(string tag)
{
    public static readonly string[] ResponseTypes = ["application/json", "application/yaml"];
    public static readonly string[] StreamResponseTypes = ["application/json", "application/json;stream=watch", "application/yaml"];
    public static readonly string[] PatchTypes =
    [
        "application/apply-patch+yaml",
        "application/json-patch+json",
        "application/merge-patch+json",
        // Declared because the schema is complete: kubectl then computes apply patches from it (kubectl-wire.md §3.2).
        "application/strategic-merge-patch+json",
    ];

    public JsonObject Create(
        string? action,
        string operationId,
        string description,
        JsonArray parameters,
        JsonObject? requestBody,
        JsonObject responses,
        JsonObject? gvk)
    {
        var operation = new JsonObject
        {
            ["description"] = description,
            ["operationId"] = operationId,
        };
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }
        if (requestBody is not null)
        {
            operation["requestBody"] = requestBody;
        }
        responses["401"] = new JsonObject { ["description"] = "Unauthorized" };
        operation["responses"] = responses;
        operation["tags"] = new JsonArray(tag);
        if (action is not null)
        {
            operation["x-kubernetes-action"] = action;
        }
        if (gvk is not null)
        {
            operation["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        }
        return operation;
    }

    public static JsonObject Body(JsonObject schemaRef, bool required, params string[] contentTypes)
    {
        var body = new JsonObject { ["content"] = Content(schemaRef, contentTypes) };
        if (required)
        {
            body["required"] = true;
        }
        return body;
    }

    public static JsonObject Responses(JsonObject schemaRef, params (string Code, string Description)[] codes) =>
        ResponsesAs(schemaRef, ResponseTypes, codes);

    public static JsonObject ResponsesAs(JsonObject schemaRef, string[] contentTypes, params (string Code, string Description)[] codes)
    {
        var responses = new JsonObject();
        foreach (var (code, description) in codes)
        {
            responses[code] = new JsonObject { ["content"] = Content(schemaRef, contentTypes), ["description"] = description };
        }
        return responses;
    }

    private static JsonObject Content(JsonObject schemaRef, string[] contentTypes)
    {
        var content = new JsonObject();
        foreach (var type in contentTypes)
        {
            content[type] = new JsonObject { ["schema"] = schemaRef.DeepClone() };
        }
        return content;
    }
}
