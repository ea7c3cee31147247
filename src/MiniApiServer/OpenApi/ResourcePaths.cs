using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Discovery;
using static MiniApiServer.OpenApi.OperationFactory;

namespace MiniApiServer.OpenApi;

/// <summary>The REST paths of one group-version, named and shaped as the upstream OpenAPI documents them.</summary>
internal sealed class ResourcePaths
{
    private static readonly (string, string)[] Ok = [("200", "OK")];

    private readonly ComponentSchemas _schemas;
    private readonly OperationFactory _operations;
    private readonly string _id;
    private readonly string _basePath;
    private readonly JsonObject _paths = [];

    public ResourcePaths(ComponentSchemas schemas, string group, string version)
    {
        _schemas = schemas;
        _id = OperationNames.GroupVersionId(group, version);
        _operations = new OperationFactory(OperationNames.Tag(group, version));
        _basePath = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        _paths[_basePath + "/"] = Single("get", _operations.Create(null, $"get{_id}APIResources", "get available resources", [], null,
            Responses(_schemas.Ref(typeof(V1APIResourceList)), Ok), null));
    }

    public JsonObject Paths => _paths;

    public void Add(ResourceType r)
    {
        if (r.Verbs is ["create"])
        {
            AddCreateOnly(r);
            return;
        }
        var kindRef = _schemas.Ref(r.ModelType);
        var listType = r.ModelType.Assembly.GetType(r.ModelType.FullName + "List")
            ?? throw new InvalidOperationException($"No list type for {r.ModelType}.");
        var listRef = _schemas.Ref(listType);
        var statusRef = _schemas.Ref(typeof(V1Status));
        var deleteOptionsRef = _schemas.Ref(typeof(V1DeleteOptions));
        var patchRef = _schemas.Ref(SchemaNames.Patch);
        var watchRef = _schemas.Ref(typeof(V1WatchEvent));
        var gvk = ComponentSchemas.Gvk(r.Group, r.Version, r.Kind);
        var scope = r.Namespaced ? "Namespaced" : "";
        var name = $"{_id}{scope}{r.Kind}";
        var collection = r.Namespaced ? $"{_basePath}/namespaces/{{namespace}}/{r.Plural}" : $"{_basePath}/{r.Plural}";
        var watchCollection = r.Namespaced ? $"{_basePath}/watch/namespaces/{{namespace}}/{r.Plural}" : $"{_basePath}/watch/{r.Plural}";

        _paths[collection] = new JsonObject
        {
            ["delete"] = _operations.Create("deletecollection", $"delete{_id}Collection{scope}{r.Kind}", $"delete collection of {r.Kind}",
                Parameters.ForDeleteCollection(), Body(deleteOptionsRef, false, "*/*"), Responses(statusRef, Ok), gvk),
            ["get"] = _operations.Create("list", $"list{name}", $"list or watch objects of kind {r.Kind}",
                Parameters.ForList(), null, ResponsesAs(listRef, StreamResponseTypes, Ok), gvk),
            ["parameters"] = PathParameters(r, item: false),
            ["post"] = _operations.Create("post", $"create{name}", $"create {Article(r.Kind)} {r.Kind}",
                Parameters.ForWrite(), Body(kindRef, true, "*/*"), Responses(kindRef, ("200", "OK"), ("201", "Created"), ("202", "Accepted")), gvk),
        };
        _paths[collection + "/{name}"] = new JsonObject
        {
            ["delete"] = _operations.Create("delete", $"delete{name}", $"delete {Article(r.Kind)} {r.Kind}",
                Parameters.ForDelete(), Body(deleteOptionsRef, false, "*/*"), Responses(statusRef, ("200", "OK"), ("202", "Accepted")), gvk),
            ["get"] = _operations.Create("get", $"read{name}", $"read the specified {r.Kind}", [], null, Responses(kindRef, Ok), gvk),
            ["parameters"] = PathParameters(r, item: true),
            ["patch"] = Patch($"patch{name}", $"partially update the specified {r.Kind}", kindRef, patchRef, gvk),
            ["put"] = Replace($"replace{name}", $"replace the specified {r.Kind}", kindRef, gvk),
        };
        if (r.Namespaced)
        {
            _paths[$"{_basePath}/{r.Plural}"] = Single("get", _operations.Create("list", $"list{_id}{r.Kind}ForAllNamespaces",
                $"list or watch objects of kind {r.Kind}", Parameters.ForList(), null, ResponsesAs(listRef, StreamResponseTypes, Ok), gvk));
            _paths[$"{_basePath}/watch/{r.Plural}"] = Single("get", _operations.Create("watchlist", $"watch{_id}{r.Kind}ListForAllNamespaces",
                $"watch individual changes to a list of {r.Kind}. deprecated: use the 'watch' parameter with a list operation instead.",
                Parameters.ForList(), null, ResponsesAs(watchRef, StreamResponseTypes, Ok), gvk));
        }
        _paths[watchCollection] = WithParameters(Single("get", _operations.Create("watchlist", $"watch{name}List",
            $"watch individual changes to a list of {r.Kind}. deprecated: use the 'watch' parameter with a list operation instead.",
            Parameters.ForList(), null, ResponsesAs(watchRef, StreamResponseTypes, Ok), gvk)), PathParameters(r, item: false));
        _paths[watchCollection + "/{name}"] = WithParameters(Single("get", _operations.Create("watch", $"watch{name}",
            $"watch changes to an object of kind {r.Kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.",
            Parameters.ForList(), null, ResponsesAs(watchRef, StreamResponseTypes, Ok), gvk)), PathParameters(r, item: true));

        foreach (var sub in r.Subresources.Select(s => SubresourceInfo.For(r, s)))
        {
            AddSubresource(r, sub, collection + "/{name}/" + sub.Name, name, kindRef, patchRef, gvk);
        }
    }

    private void AddSubresource(ResourceType r, SubresourceInfo sub, string path, string name, JsonObject kindRef, JsonObject patchRef, JsonObject gvk)
    {
        var suffix = char.ToUpperInvariant(sub.Name[0]) + sub.Name[1..];
        var item = new JsonObject();
        switch (sub.Name)
        {
            case "status" or "ephemeralcontainers" or "approval":
                item["get"] = _operations.Create("get", $"read{name}{suffix}", $"read {sub.Name} of the specified {r.Kind}", [], null, Responses(kindRef, Ok), gvk);
                item["patch"] = Patch($"patch{name}{suffix}", $"partially update {sub.Name} of the specified {r.Kind}", kindRef, patchRef, gvk);
                item["put"] = Replace($"replace{name}{suffix}", $"replace {sub.Name} of the specified {r.Kind}", kindRef, gvk);
                break;
            case "scale":
                var scaleRef = _schemas.Ref(typeof(V1Scale));
                var scaleGvk = ComponentSchemas.Gvk(sub.Group, sub.Version, sub.Kind);
                item["get"] = _operations.Create("get", $"read{name}Scale", $"read scale of the specified {r.Kind}", [], null, Responses(scaleRef, Ok), scaleGvk);
                item["patch"] = Patch($"patch{name}Scale", $"partially update scale of the specified {r.Kind}", scaleRef, patchRef, scaleGvk);
                item["put"] = Replace($"replace{name}Scale", $"replace scale of the specified {r.Kind}", scaleRef, scaleGvk);
                break;
            case "binding" or "eviction" or "token":
                var bodyRef = _schemas.Ref(sub.Name switch { "binding" => typeof(V1Binding), "eviction" => typeof(V1Eviction), _ => typeof(Authenticationv1TokenRequest) });
                item["post"] = _operations.Create("post", $"create{name}{suffix}", $"create {sub.Name} of {Article(r.Kind)} {r.Kind}",
                    Parameters.ForWrite(), Body(bodyRef, true, "*/*"),
                    Responses(bodyRef, ("200", "OK"), ("201", "Created"), ("202", "Accepted")),
                    ComponentSchemas.Gvk(sub.Group, sub.Version, sub.Kind));
                break;
            case "log":
                item["get"] = _operations.Create("get", $"read{name}Log", $"read log of the specified {r.Kind}", Parameters.ForLog(), null,
                    ResponsesAs(StringSchema(), ["text/plain", "application/json", "application/yaml", "application/vnd.kubernetes.protobuf"], Ok), gvk);
                break;
            case "exec" or "attach" or "portforward":
                var connectGvk = ComponentSchemas.Gvk(sub.Group, sub.Version, sub.Kind);
                foreach (var verb in new[] { "get", "post" })
                {
                    var verbName = char.ToUpperInvariant(verb[0]) + verb[1..];
                    item[verb] = _operations.Create("connect", $"connect{verbName}{name}{suffix}", $"connect {verb.ToUpperInvariant()} requests to {sub.Name} of {r.Kind}",
                        Parameters.ForConnect(sub.Name), null, ResponsesAs(StringSchema(), ["*/*"], Ok), connectGvk);
                }
                break;
            default:
                item["put"] = Replace($"replace{name}{suffix}", $"replace {sub.Name} of the specified {r.Kind}", kindRef, gvk);
                break;
        }
        item["parameters"] = PathParameters(r, item: true);
        _paths[path] = item;
    }

    // A review or other create-only kind (TokenReview, SubjectAccessReview): its collection takes a POST and nothing else.
    private void AddCreateOnly(ResourceType r)
    {
        var kindRef = _schemas.Ref(r.ModelType);
        var scope = r.Namespaced ? "Namespaced" : "";
        var collection = r.Namespaced ? $"{_basePath}/namespaces/{{namespace}}/{r.Plural}" : $"{_basePath}/{r.Plural}";
        _paths[collection] = new JsonObject
        {
            ["parameters"] = PathParameters(r, item: false),
            ["post"] = _operations.Create("post", $"create{_id}{scope}{r.Kind}", $"create {Article(r.Kind)} {r.Kind}",
                Parameters.ForWrite(), Body(kindRef, true, "*/*"), Responses(kindRef, ("200", "OK"), ("201", "Created"), ("202", "Accepted")),
                ComponentSchemas.Gvk(r.Group, r.Version, r.Kind)),
        };
    }

    private static JsonObject StringSchema() => new() { ["type"] = "string" };

    private JsonObject Patch(string operationId, string description, JsonObject kindRef, JsonObject patchRef, JsonObject gvk) =>
        _operations.Create("patch", operationId, description, Parameters.ForPatch(), Body(patchRef, true, PatchTypes),
            Responses(kindRef, ("200", "OK"), ("201", "Created")), gvk);

    private JsonObject Replace(string operationId, string description, JsonObject kindRef, JsonObject gvk) =>
        _operations.Create("put", operationId, description, Parameters.ForWrite(), Body(kindRef, true, "*/*"),
            Responses(kindRef, ("200", "OK"), ("201", "Created")), gvk);

    internal static JsonArray PathParameters(ResourceType r, bool item)
    {
        var parameters = new JsonArray();
        if (item)
        {
            parameters.Add(Parameters.Path("name", $"name of the {r.Kind}"));
        }
        if (r.Namespaced)
        {
            parameters.Add(Parameters.Path("namespace", "object name and auth scope, such as for teams and projects"));
        }
        parameters.Add(Parameters.Pretty());
        return parameters;
    }

    private static JsonObject Single(string method, JsonObject operation) => new() { [method] = operation };

    private static JsonObject WithParameters(JsonObject pathItem, JsonArray parameters)
    {
        pathItem["parameters"] = parameters;
        return pathItem;
    }

    private static string Article(string kind) => "AEIOU".Contains(kind[0], StringComparison.Ordinal) ? "an" : "a";
}
