namespace MiniApiServer.Application.Objects;

public enum PatchType
{
    Json,
    Merge,
    StrategicMerge,
    Apply,
}
