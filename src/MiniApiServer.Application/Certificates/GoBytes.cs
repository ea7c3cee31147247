namespace MiniApiServer.Application.Certificates;

/// <summary>
/// A []byte field's value as field.Error prints it: no case of ErrorBody's switch takes one, so it falls to %#v
/// (<c>[]byte{0x2d, 0xa}</c>, <c>[]byte(nil)</c>).
/// </summary>
public sealed record GoBytes(byte[]? Bytes)
{
    public override string ToString() =>
        Bytes is null ? "[]byte(nil)" : "[]byte{" + string.Join(", ", Bytes.Select(b => $"0x{b:x}")) + "}";
}
