namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// Hands out unique IPv4 addresses from a /16 (<c>prefix.x.y</c>, y in 1..254) round-robin. Addresses seen in
/// stored objects are reserved first, so a restarted server does not reuse addresses that are still in use.
/// </summary>
public sealed class AddressPool(string prefix)
{
    public const int Size = 256 * 254;

    private readonly Lock _lock = new();
    private readonly HashSet<int> _used = [];
    private int _cursor;

    public void Reserve(string? address)
    {
        if (IndexOf(address) is { } i)
        {
            lock (_lock)
            {
                _used.Add(i);
                _cursor = Math.Max(_cursor, i);
            }
        }
    }

    /// <summary>Takes <paramref name="preferred"/> (1-based) when free, otherwise the next free address.</summary>
    public string Allocate(int? preferred = null)
    {
        lock (_lock)
        {
            if (preferred is > 0 and <= Size && _used.Add(preferred.Value))
            {
                return Format(preferred.Value);
            }
            for (var n = 0; n < Size; n++)
            {
                _cursor = _cursor % Size + 1;
                if (_used.Add(_cursor))
                {
                    return Format(_cursor);
                }
            }
            // Exhausted: restart the cycle; addresses of long-gone objects are reused first.
            _used.Clear();
            _cursor = 1;
            _used.Add(_cursor);
            return Format(_cursor);
        }
    }

    public string Format(int index) => $"{prefix}.{(index - 1) / 254}.{(index - 1) % 254 + 1}";

    private int? IndexOf(string? address)
    {
        if (address is null || !address.StartsWith(prefix + ".", StringComparison.Ordinal))
        {
            return null;
        }
        var parts = address[(prefix.Length + 1)..].Split('.');
        if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var x)
            && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var y) && x is >= 0 and < 256 && y is >= 1 and <= 254)
        {
            return x * 254 + y;
        }
        return null;
    }
}
