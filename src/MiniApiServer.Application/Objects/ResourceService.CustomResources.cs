using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.CustomResources;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    /// <summary>
    /// A custom resource's decode (crdConversionRESTOptionsGetter's codec and schemaCoercingDecoder): metadata must
    /// decode as ObjectMeta, fields the schema does not specify are pruned (and are fieldValidation's unknown fields),
    /// then the schema's defaults are applied. Validation against the schema is the strategy's.
    /// </summary>
    private JsonObject DecodeCustom(Kinds.KindDefinition kind, JsonObject body, WriteOptions options, List<string> warnings, bool patched)
    {
        var type = kind.Type;
        var apiVersion = ObjectMeta.Str(body, "apiVersion");
        var kindName = ObjectMeta.Str(body, "kind");
        CheckKind(type, kindName, apiVersion);
        body["kind"] = type.Kind;
        body["apiVersion"] = type.GroupVersion;
        List<string> unknownMetadata = [];
        if (body["metadata"] is JsonObject metadata)
        {
            // Any built-in kind's model holds ObjectMeta: a mistyped metadata field is the decoder's 400, as upstream,
            // and the round trip drops fields ObjectMeta does not have (the schema coercer's objectmeta pass).
            var envelope = new JsonObject { ["metadata"] = metadata.DeepClone() };
            object decoded;
            try
            {
                decoded = ModelCodec.Decode(envelope, typeof(V1ConfigMap));
            }
            catch (Errors.ApiException ex) when (ex.DecodeError is { } error)
            {
                // The carrier's name would lead the message: the resource's kind and version do, as the handler's own words.
                throw new Errors.ApiException(400, "BadRequest", $"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {error}")
                {
                    DecodeError = error,
                    ConverterError = ex.ConverterError,
                };
            }
            unknownMetadata = ModelCodec.UnknownFields(envelope, typeof(V1ConfigMap));
            if (unknownMetadata.Count > 0)
            {
                body["metadata"] = ModelCodec.Encode(decoded)["metadata"]?.DeepClone();
            }
        }
        var schema = (kind as CustomResourceKind)?.Schema;
        var pruned = SchemaPruning.Prune(body, schema);
        pruned.AddRange(unknownMetadata);
        pruned.Sort(StringComparer.Ordinal);
        CheckStrictDecode(body, null, type.Kind, options, warnings, patched, pruned);
        SchemaDefaulting.Apply(body, schema);
        return body;
    }

    private JsonObject DecodeCustom(Resources.ResourceType type, JsonObject body, WriteOptions options, List<string> warnings, bool patched) =>
        DecodeCustom(registry.KindOf(type), body, options, warnings, patched);

    /// <summary>customresource_handler.go serveResource: a terminating CRD takes no new instances (its finalizer is deleting them).</summary>
    private void RefuseCreateWhileTerminating(Resources.ResourceType type)
    {
        var crd = store.Cache.Get(registry.CustomResourceDefinitions.StorageKey, "", $"{type.Plural}.{type.Group}");
        if (crd is not null && CrdConditions.IsTrue(Parse(crd), "Terminating"))
        {
            throw new Errors.ApiException(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating")
            {
                Details = new Errors.StatusDetails("", type.Group, type.Plural),
            };
        }
    }

    /// <summary>
    /// An in-process writer's update of a custom resource, which has no model: the writers that act on every kind (the
    /// garbage collector, finalizers) change metadata only, so they are handed its metadata in a carrier model (the
    /// client library has no PartialObjectMetadata; any built-in kind's model holds ObjectMeta and its type fields).
    /// </summary>
    private Task<ObjectResult> UpdateCustomMetadataAsync(Resources.ResourceType type, string ns, string name, Func<object, bool> mutate, bool statusOnly,
        bool keepResourceVersion) =>
        UpdateAsync(type, ns, name, json =>
        {
            var partial = ModelCodec.Decode<V1ConfigMap>(new JsonObject { ["metadata"] = json["metadata"]?.DeepClone() });
            partial.Metadata ??= new V1ObjectMeta();
            partial.ApiVersion = type.GroupVersion;
            partial.Kind = type.Kind;
            if (mutate(partial))
            {
                json["metadata"] = ModelCodec.Encode(partial)["metadata"]?.DeepClone();
            }
            return json;
        }, statusOnly, WriteOptions.Default, exposeResourceVersion: keepResourceVersion);
}
