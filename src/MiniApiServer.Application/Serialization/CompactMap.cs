using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// A string-keyed map in one array, searched in order: what a decoded model keeps for its small maps (labels,
/// annotations, resource requests and limits). A <see cref="Dictionary{TKey,TValue}"/> of two quantities is three
/// objects and ~216 bytes; this is two objects and ~88, and every informer keeps one model per object for its whole
/// life, where the GC copies it twice on the way to gen2. Keys compare ordinally, as the dictionary's default
/// comparer does; enumeration is insertion order, as a dictionary's is until something is removed.
/// </summary>
public sealed class CompactMap<TValue> : IDictionary<string, TValue>, IReadOnlyDictionary<string, TValue>
{
    private KeyValuePair<string, TValue>[] _items;
    private int _count;

    public CompactMap() => _items = [];

    /// <summary>Takes <paramref name="items"/> as they are: the caller guarantees distinct, non-null keys.</summary>
    internal CompactMap(KeyValuePair<string, TValue>[] items)
    {
        _items = items;
        _count = items.Length;
    }

    public int Count => _count;

    public bool IsReadOnly => false;

    public ICollection<string> Keys => this.Select(e => e.Key).ToList();

    public ICollection<TValue> Values => this.Select(e => e.Value).ToList();

    IEnumerable<string> IReadOnlyDictionary<string, TValue>.Keys => Keys;

    IEnumerable<TValue> IReadOnlyDictionary<string, TValue>.Values => Values;

    public TValue this[string key]
    {
        get => IndexOf(key) is var i and >= 0 ? _items[i].Value : throw new KeyNotFoundException($"The key '{key}' was not present in the map.");
        set
        {
            if (IndexOf(key) is var i and >= 0)
            {
                _items[i] = new(key, value);
            }
            else
            {
                Append(key, value);
            }
        }
    }

    public void Add(string key, TValue value)
    {
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"An item with the same key has already been added. Key: {key}", nameof(key));
        }
        Append(key, value);
    }

    public void Add(KeyValuePair<string, TValue> item) => Add(item.Key, item.Value);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _items[i].Value : default;
        return i >= 0;
    }

    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }
        Array.Copy(_items, i + 1, _items, i, _count - i - 1);
        _items[--_count] = default;
        return true;
    }

    public bool Remove(KeyValuePair<string, TValue> item) =>
        Contains(item) && Remove(item.Key);

    public bool Contains(KeyValuePair<string, TValue> item) =>
        IndexOf(item.Key) is var i and >= 0 && EqualityComparer<TValue>.Default.Equals(_items[i].Value, item.Value);

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>Drops the spare capacity that adding one entry at a time leaves, for a map kept from now on.</summary>
    public void TrimExcess()
    {
        if (_items.Length > _count)
        {
            Array.Resize(ref _items, _count);
        }
    }

    public void CopyTo(KeyValuePair<string, TValue>[] array, int arrayIndex) => Array.Copy(_items, 0, array, arrayIndex, _count);

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return IndexOf(_items.AsSpan(0, _count), key);
    }

    /// <summary>Where <paramref name="key"/> is among <paramref name="items"/>, compared ordinally, or -1.</summary>
    internal static int IndexOf(ReadOnlySpan<KeyValuePair<string, TValue>> items, string key)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (string.Equals(items[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private void Append(string key, TValue value)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _count * 2));
        }
        _items[_count++] = new(key, value);
    }
}
