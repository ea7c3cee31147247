namespace MiniApiServer.Application.Kinds;

/// <summary>
/// The request body encodings a kind accepts. Every kind takes JSON and YAML; protobuf where its group's k8s.io/api
/// generated.proto is in the protobuf table (Serialization/Protobuf/schema.json, written by tools/protobuf-schema).
/// </summary>
[Flags]
public enum WireFormats
{
    Json = 1,
    Yaml = 2,
    Protobuf = 4,
}
