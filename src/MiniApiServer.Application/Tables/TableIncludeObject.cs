namespace MiniApiServer.Application.Tables;

/// <summary>What each Table row carries in <c>rows[].object</c> (the <c>includeObject</c> query parameter).</summary>
public enum TableIncludeObject
{
    None,
    Metadata,
    Object,
}
