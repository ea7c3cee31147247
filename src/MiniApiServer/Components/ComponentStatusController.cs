using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Tables;
using MiniApiServer.Discovery;
using MiniApiServer.Http;

namespace MiniApiServer.Components;

/// <summary>
/// core/v1 componentstatuses (pkg/registry/core/componentstatus/rest.go, deprecated since 1.19 and still served by
/// 1.32): the health of the control plane's components, probed on every read. The scheduler and the controller manager
/// run in this process, so they answer as their /healthz would, "ok". Storage is not etcd: upstream's etcd-N entries
/// have no counterpart and are not listed.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ComponentStatusController(TimeProvider time) : ControllerBase
{
    private const string Deprecation = "v1 ComponentStatus is deprecated in v1.19+";

    private static readonly string[] Components = ["controller-manager", "scheduler"];

    [HttpGet("api/v1/componentstatuses")]
    public Task List()
    {
        var items = Components.Select(Status).ToList();
        return MediaTypes.WantsTable(Request)
            ? Table(items)
            : Write(new JsonObject
            {
                ["kind"] = "ComponentStatusList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["items"] = new JsonArray([.. items]),
            });
    }

    [HttpGet("api/v1/componentstatuses/{name}")]
    public Task Get(string name)
    {
        if (!Components.Contains(name))
        {
            throw new ApiException(404, "NotFound", $"componentstatuses \"{name}\" not found") { Details = new StatusDetails(name, "", "componentstatuses") };
        }
        return MediaTypes.WantsTable(Request) ? Table([Status(name)]) : Write(Status(name));
    }

    /// <summary>The resource implements only Getter and Lister: every other verb is the installer's 405.</summary>
    [AcceptVerbs("POST", "PUT", "PATCH", "DELETE", Route = "api/v1/componentstatuses")]
    [AcceptVerbs("POST", "PUT", "PATCH", "DELETE", Route = "api/v1/componentstatuses/{name}")]
    public void Refuse() => throw ApiErrors.MethodNotAllowed();

    /// <summary>ToConditionStatus of a healthy probe: Healthy True with the body as the message.</summary>
    private static JsonObject Status(string name) => new()
    {
        ["kind"] = "ComponentStatus",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Healthy", ["status"] = "True", ["message"] = "ok" }),
    };

    private async Task Table(IReadOnlyList<JsonObject> items)
    {
        ObjectWriter.AddWarnings(Response, [Deprecation]);
        var table = TableConverter.ToUtf8("", CreateOnlyResources.ComponentStatuses.Plural, [.. items.Select(i => Encoding.UTF8.GetBytes(i.ToJsonString()))],
            null, null, MediaTypes.IncludeObject(Request), time.GetUtcNow(), printer: new ComponentStatusPrinter());
        await ObjectWriter.WriteObjectAsync(Response, table, 200).ConfigureAwait(false);
    }

    private async Task Write(JsonObject doc)
    {
        ObjectWriter.AddWarnings(Response, [Deprecation]);
        await ObjectWriter.WriteObjectAsync(Response, Encoding.UTF8.GetBytes(doc.ToJsonString(StatusWriter.Json)), 200).ConfigureAwait(false);
    }
}
