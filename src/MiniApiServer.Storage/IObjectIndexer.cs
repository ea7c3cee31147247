namespace MiniApiServer.Storage;

/// <summary>Computes the selector index of an object; implemented by the API layer, which knows each kind's fields.</summary>
public interface IObjectIndexer
{
    ObjectIndex Index(string resource, ReadOnlySpan<byte> json);
}
