using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Source-generated writers for the kinds the server stores, with the client library's settings
/// (<see cref="KubernetesJson"/>: camelCase, nulls omitted, string enums, its time converters) and the bounded quantity
/// and IntOrString converters <see cref="ModelCodec.Options"/> puts first. Every write admits a model and encodes it; the generated
/// code reads each property directly instead of through the serializer's per-property metadata, about a third of the
/// cost for a pod. A unit test holds its output byte-identical to the reflection serializer's for every property.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters =
    [
        typeof(BoundedQuantityConverter),
        typeof(IntOrStringConverter),
        typeof(KubernetesJson.Iso8601TimeSpanConverter),
        typeof(KubernetesJson.KubernetesDateTimeConverter),
        typeof(KubernetesJson.KubernetesDateTimeOffsetConverter),
        typeof(V1Status.V1StatusObjectViewConverter),
    ])]
// What an untyped field (managedFields' fieldsV1) holds after a decode (RawFieldsV1 for a stored object's), or after
// code set it from a JsonNode.
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(RawFieldsV1))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(JsonValue))]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1Node))]
[JsonSerializable(typeof(V1DaemonSet))]
[JsonSerializable(typeof(V1ControllerRevision))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(Eventsv1Event))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(V1Endpoints))]
[JsonSerializable(typeof(V1EndpointSlice))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1ReplicaSet))]
[JsonSerializable(typeof(V1ReplicationController))]
[JsonSerializable(typeof(V1PodTemplate))]
[JsonSerializable(typeof(V1StatefulSet))]
[JsonSerializable(typeof(V1PersistentVolumeClaim))]
[JsonSerializable(typeof(V1PersistentVolume))]
[JsonSerializable(typeof(V1StorageClass))]
[JsonSerializable(typeof(V1CSIDriver))]
[JsonSerializable(typeof(V1CSINode))]
[JsonSerializable(typeof(V1CSIStorageCapacity))]
[JsonSerializable(typeof(V1VolumeAttachment))]
[JsonSerializable(typeof(V1FlowSchema))]
[JsonSerializable(typeof(V1PriorityLevelConfiguration))]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1CronJob))]
[JsonSerializable(typeof(V1PodDisruptionBudget))]
[JsonSerializable(typeof(V1PriorityClass))]
[JsonSerializable(typeof(V1RuntimeClass))]
[JsonSerializable(typeof(V1APIService))]
[JsonSerializable(typeof(V1CertificateSigningRequest))]
[JsonSerializable(typeof(V1LimitRange))]
[JsonSerializable(typeof(V1ResourceQuota))]
[JsonSerializable(typeof(V2HorizontalPodAutoscaler))]
[JsonSerializable(typeof(V1Role))]
[JsonSerializable(typeof(V1RoleBinding))]
[JsonSerializable(typeof(V1ClusterRole))]
[JsonSerializable(typeof(V1ClusterRoleBinding))]
[JsonSerializable(typeof(V1Ingress))]
[JsonSerializable(typeof(V1IngressClass))]
[JsonSerializable(typeof(V1MutatingWebhookConfiguration))]
[JsonSerializable(typeof(V1ValidatingWebhookConfiguration))]
[JsonSerializable(typeof(V1ValidatingAdmissionPolicy))]
[JsonSerializable(typeof(V1ValidatingAdmissionPolicyBinding))]
[JsonSerializable(typeof(V1NetworkPolicy))]
internal sealed partial class StoredKindsJsonContext : JsonSerializerContext;
