using System.Text;
using System.Text.Json;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Resources;

/// <summary>
/// The selectable field paths of one kind as a tree of property names ("spec" → "nodeName"), so the indexer descends
/// only into the properties some field needs. A leaf holds the field's position in the kind's list.
/// </summary>
internal sealed class FieldPathNode
{
    private readonly byte[] _name;
    private readonly List<FieldPathNode> _children = [];
    private int _field = -1;

    private FieldPathNode(byte[] name) => _name = name;

    public static FieldPathNode Build(IReadOnlyList<SelectableField> fields)
    {
        var root = new FieldPathNode([]);
        for (var i = 0; i < fields.Count; i++)
        {
            var node = root;
            foreach (var part in fields[i].Path.Split('.').Select(Encoding.UTF8.GetBytes))
            {
                var next = node._children.Find(c => c._name.AsSpan().SequenceEqual(part));
                if (next is null)
                {
                    next = new FieldPathNode(part);
                    node._children.Add(next);
                }
                node = next;
            }
            node._field = i;
        }
        return root;
    }

    /// <summary>The child named by the reader's current property name, if any field passes through it.</summary>
    public FieldPathNode? Child(ref Utf8JsonReader reader)
    {
        foreach (var child in _children)
        {
            if (reader.ValueTextEquals(child._name))
            {
                return child;
            }
        }
        return null;
    }

    /// <summary>Reads the value at the reader (a property's value) into <paramref name="values"/>, leaving the reader at its end.</summary>
    public void Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string?[] values)
    {
        if (_field >= 0)
        {
            values[_field] = reader.TokenType switch
            {
                JsonTokenType.String => Utf8StringPool.GetString(ref reader),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => "",
                _ => ResourceIndexer.RawText(ref reader, json),
            };
            return;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var child = Child(ref reader);
            reader.Read();
            if (child is null)
            {
                reader.Skip();
            }
            else
            {
                child.Read(ref reader, json, values);
            }
        }
    }
}
