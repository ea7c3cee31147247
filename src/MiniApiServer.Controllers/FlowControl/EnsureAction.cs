namespace MiniApiServer.Controllers.FlowControl;

/// <summary>What the bootstrap ensurer does with one configuration object.</summary>
public enum EnsureAction
{
    None,
    Create,

    /// <summary>Write the bootstrap spec and an autoupdate-spec annotation of "true".</summary>
    UpdateSpec,

    /// <summary>Keep the operator's spec and record that it is not auto-updated (annotation "false").</summary>
    MarkNotAutoUpdated,
    Delete,
}
