namespace MiniApiServer.Application.Kinds;

/// <summary>
/// A fieldSelector key and where its value sits in the object. Boolean fields are strconv.FormatBool of the
/// Go field, so an absent one selects as "false"; integer ones strconv.Itoa, so an absent one selects as "0".
/// </summary>
public sealed record SelectableField(string Name, string Path, bool Boolean = false, bool Integer = false)
{
    public SelectableField(string name)
        : this(name, name)
    {
    }
}
