namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>One field of a generated.proto message: its JSON name, its type as the schema table spells it, and the Go struct tag facts.</summary>
public sealed record ProtoField(int Number, string Name, string Type, string Flags = "")
{
    /// <summary>An embedded Go struct whose fields JSON inlines into the parent (Volume's VolumeSource, Probe's handler).</summary>
    public bool Inline => Flags.Contains('i', StringComparison.Ordinal);

    /// <summary>A non-pointer scalar with omitempty: protobuf always carries it, JSON leaves its zero value out.</summary>
    public bool OmitZero => Flags.Contains('z', StringComparison.Ordinal);

    public bool Repeated => Type.StartsWith("[]", StringComparison.Ordinal);

    public bool IsMap => Type.StartsWith("map:", StringComparison.Ordinal);

    /// <summary>The element type: the type itself, a repeated field's item, or a map's value.</summary>
    public string ElementType => Repeated ? Type[2..] : IsMap ? Type[(Type.IndexOf(':', 4) + 1)..] : Type;
}
