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
    Application.Tables.TableIncludeObject IncludeObject);
