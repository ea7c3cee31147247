using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Resources;
using static MiniApiServer.OpenApi.OperationFactory;

namespace MiniApiServer.OpenApi;

/// <summary>
/// The /openapi/v3 documents of served custom resources, one per group-version, in the shape of apiextensions-apiserver's
/// pkg/controller/openapi/builder: the version's schema as "com.example.v1.Foo" with its group-version-kind, metadata
/// as ObjectMeta, and the REST operations. kubectl reads the PATCH operation's fieldValidation parameter before it
/// sends one, and `kubectl explain` reads the schema.
/// </summary>
internal static class CustomResourceDocuments
{
    private const string MetaPrefix = "io.k8s.apimachinery.";

    // A custom resource takes no strategic merge patch (customresource_handler.go's patch types).
    private static readonly string[] CustomPatchTypes = ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"];
    private static readonly (string, string)[] Ok = [("200", "OK")];

    /// <param name="metaSource">A built-in document whose io.k8s.apimachinery.* schemas (ObjectMeta and the rest) are copied.</param>
    public static SortedDictionary<string, byte[]> Build(IEnumerable<CustomResourceKind> kinds, JsonObject? metaSource)
    {
        var documents = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var groupVersion in kinds.Where(k => k.Served).GroupBy(k => (k.Type.Group, k.Type.Version)))
        {
            var schemas = new JsonObject();
            foreach (var (name, schema) in metaSource?["components"]?["schemas"] as JsonObject ?? [])
            {
                if (name.StartsWith(MetaPrefix, StringComparison.Ordinal))
                {
                    schemas[name] = schema?.DeepClone();
                }
            }
            var paths = new JsonObject();
            foreach (var kind in groupVersion)
            {
                Add(kind, schemas, paths);
            }
            var document = new JsonObject
            {
                ["components"] = new JsonObject { ["schemas"] = schemas },
                ["info"] = new JsonObject { ["title"] = "Kubernetes CRD Swagger", ["version"] = "v0.1.0" },
                ["openapi"] = "3.0.0",
                ["paths"] = paths,
            };
            documents[OpenApiV3Generator.GroupVersionPath(groupVersion.Key.Group, groupVersion.Key.Version)] = CanonicalJson.Serialize(document);
        }
        return documents;
    }

    private static void Add(CustomResourceKind kind, JsonObject schemas, JsonObject paths)
    {
        var r = kind.Type;
        var schemaName = string.Join('.', r.Group.Split('.').Reverse()) + $".{r.Version}.{r.Kind}";
        var gvk = ComponentSchemas.Gvk(r.Group, r.Version, r.Kind);
        var schema = kind.Schema?.DeepClone().AsObject() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] = new JsonObject { ["type"] = "string" };
        properties["kind"] = new JsonObject { ["type"] = "string" };
        properties["metadata"] = new JsonObject { ["allOf"] = new JsonArray(Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")) };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone());
        schemas[schemaName] = schema;
        schemas[schemaName + "List"] = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("items"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["type"] = "string" },
                ["items"] = new JsonObject { ["type"] = "array", ["items"] = Ref(schemaName) },
                ["kind"] = new JsonObject { ["type"] = "string" },
                ["metadata"] = new JsonObject { ["allOf"] = new JsonArray(Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta")) },
            },
            ["x-kubernetes-group-version-kind"] = new JsonArray(ComponentSchemas.Gvk(r.Group, r.Version, r.Kind + "List")),
        };
        var operations = new OperationFactory(OperationNames.Tag(r.Group, r.Version));
        var id = OperationNames.GroupVersionId(r.Group, r.Version) + (r.Namespaced ? "Namespaced" : "") + r.Kind;
        var basePath = $"/apis/{r.Group}/{r.Version}";
        var collection = r.Namespaced ? $"{basePath}/namespaces/{{namespace}}/{r.Plural}" : $"{basePath}/{r.Plural}";
        var kindRef = Ref(schemaName);
        var statusRef = Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Status");
        paths[collection] = new JsonObject
        {
            ["delete"] = operations.Create("deletecollection", $"deletecollection{id}", $"delete collection of {r.Kind}", Parameters.ForDeleteCollection(),
                null, Responses(statusRef, Ok), gvk),
            ["get"] = operations.Create("list", $"list{id}", $"list objects of kind {r.Kind}", Parameters.ForList(), null,
                ResponsesAs(Ref(schemaName + "List"), StreamResponseTypes, Ok), gvk),
            ["parameters"] = ResourcePaths.PathParameters(r, item: false),
            ["post"] = operations.Create("post", $"create{id}", $"create a {r.Kind}", Parameters.ForWrite(), Body(kindRef, true, "*/*"),
                Responses(kindRef, ("200", "OK"), ("201", "Created"), ("202", "Accepted")), gvk),
        };
        paths[collection + "/{name}"] = Item(operations, id, r, kindRef, statusRef, gvk, withDelete: true);
        if (r.HasStatus)
        {
            paths[collection + "/{name}/status"] = Item(operations, id + "Status", r, kindRef, statusRef, gvk, withDelete: false);
        }
    }

    private static JsonObject Item(OperationFactory operations, string id, ResourceType r, JsonObject kindRef, JsonObject statusRef, JsonObject gvk, bool withDelete)
    {
        var item = new JsonObject
        {
            ["get"] = operations.Create("get", $"read{id}", $"read the specified {r.Kind}", [], null, Responses(kindRef, Ok), gvk),
            ["parameters"] = ResourcePaths.PathParameters(r, item: true),
            ["patch"] = operations.Create("patch", $"patch{id}", $"partially update the specified {r.Kind}", Parameters.ForPatch(),
                Body(Ref("io.k8s.apimachinery.pkg.apis.meta.v1.Patch"), true, CustomPatchTypes), Responses(kindRef, Ok), gvk),
            ["put"] = operations.Create("put", $"replace{id}", $"replace the specified {r.Kind}", Parameters.ForWrite(), Body(kindRef, true, "*/*"),
                Responses(kindRef, ("200", "OK"), ("201", "Created")), gvk),
        };
        if (withDelete)
        {
            item["delete"] = operations.Create("delete", $"delete{id}", $"delete a {r.Kind}", Parameters.ForDelete(), null,
                Responses(statusRef, ("200", "OK"), ("202", "Accepted")), gvk);
        }
        return item;
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };
}
