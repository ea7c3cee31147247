namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>The framework status codes a filter can return (pkg/scheduler/framework/interface.go Code).</summary>
public enum FilterCode
{
    Success,

    /// <summary>Preemption might help (resources, ports).</summary>
    Unschedulable,

    /// <summary>Preemption cannot help (name, affinity, taints, unschedulable).</summary>
    UnschedulableAndUnresolvable,
}
