using System.Globalization;
using System.Text;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// A field's place in a body, linked to its parent's and written out only when asked ("spec.containers[0].image", a
/// map's key as a field, as sigs.k8s.io/json's strict field stack writes it).
/// </summary>
internal sealed class JsonFieldPath(JsonFieldPath? parent, string? name, int index)
{
    public override string ToString()
    {
        var segments = new Stack<JsonFieldPath>();
        for (var at = this; at is not null; at = at.Parent)
        {
            segments.Push(at);
        }
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Name is null)
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(segment.Name);
            }
        }
        return text.ToString();
    }

    private JsonFieldPath? Parent => parent;

    private string? Name => name;

    private int Index => index;
}
