namespace MiniApiServer.Application.Kinds;

/// <summary>
/// A fieldSelector key and where its value sits in the object. Boolean fields are strconv.FormatBool of the
/// Go field, so an absent one selects as "false".
/// </summary>
public sealed record SelectableField(string Name, string Path, bool Boolean = false)
{
    public SelectableField(string name)
        : this(name, name)
    {
    }
}
