namespace MiniApiServer.Storage;

/// <summary>
/// One entry of the change log. <see cref="Object"/> is the new state (for a deletion: the last state,
/// stamped with the deletion's revision, as etcd-backed watches deliver it). <see cref="Previous"/> lets
/// a filtered watch tell "stopped matching" (sent as DELETED) from "never matched".
/// </summary>
public sealed record ObjectChange(
    long Revision,
    ChangeType Type,
    StoredObject Object,
    StoredObject? Previous,
    DateTimeOffset CommittedAt)
{
    public string Resource => Object.Resource;
}
