namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>A minimal protocol-buffers wire reader: varints and length-delimited fields are all Kubernetes' types need.</summary>
public ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly bool Remaining => _pos < _data.Length;

    public bool TryReadTag(out int field, out int wireType)
    {
        if (_pos >= _data.Length)
        {
            field = 0;
            wireType = 0;
            return false;
        }
        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length)
            {
                throw new FormatException("truncated protobuf varint");
            }
            var b = _data[_pos++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new FormatException("protobuf varint too long");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _pos))
        {
            throw new FormatException("truncated protobuf field");
        }
        var slice = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return slice;
    }

    public ulong ReadFixed64()
    {
        Advance(8);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(_data[(_pos - 8)..]);
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(); break;
            case 5: Advance(4); break;
            default: throw new FormatException($"unsupported protobuf wire type {wireType}");
        }
    }

    private void Advance(int n)
    {
        if (_pos + n > _data.Length)
        {
            throw new FormatException("truncated protobuf field");
        }
        _pos += n;
    }
}
