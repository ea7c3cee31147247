using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>Reads one field of a kind's generated.proto message into <paramref name="obj"/>; false leaves it to be skipped.</summary>
public delegate bool FieldReader(JsonObject obj, int field, ref ProtoReader reader);
