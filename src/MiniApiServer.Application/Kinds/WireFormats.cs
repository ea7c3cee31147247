namespace MiniApiServer.Application.Kinds;

/// <summary>
/// The request body encodings a kind accepts. Every kind takes JSON and YAML; protobuf only where the kind decodes
/// k8s.io/api generated.proto (<see cref="KindDefinition.DecodeProtobuf"/>), as for the kinds kubectl sends that way.
/// </summary>
[Flags]
public enum WireFormats
{
    Json = 1,
    Yaml = 2,
    Protobuf = 4,
}
