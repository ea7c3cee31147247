namespace MiniApiServer.Controllers.LeaderElection;

/// <summary>The Leases in kube-system that decide which replica runs which part of the control plane.</summary>
public static class Components
{
    public const string ControllerManager = "kube-controller-manager";
    public const string Scheduler = "kube-scheduler";
    public const string SimulatedKubelet = "miniapiserver-simulated-kubelet";
}
