using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Watch;

public sealed record WatchRequest(
    ResourceType Type,
    string? Namespace,
    LabelSelector Labels,
    FieldSelector Fields,
    string? ResourceVersion,
    TimeSpan Timeout,
    bool AllowBookmarks,
    bool Table,
    Application.Tables.TableIncludeObject IncludeObject)
{
    /// <summary>
    /// True: the state at least as new as <see cref="ResourceVersion"/> as ADDED events, then (with bookmarks) a BOOKMARK
    /// marking their end; false: changes only, from that revision or from now; null: the legacy resume semantics.
    /// </summary>
    public bool? SendInitialEvents { get; init; }

    /// <summary>The resource the client watches, when <see cref="Type"/> is the store it is served from.</summary>
    public Http.ServedResource? Served { get; init; }

    /// <summary>The table printer of <see cref="Type"/>'s kind, read once when the watch starts.</summary>
    public Application.Tables.RowPrinter? Printer { get; init; }
}
