namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>The kube-controller-manager flags the HPA controller's arithmetic reads (--horizontal-pod-autoscaler-*).</summary>
public sealed record HpaTuning(double Tolerance, TimeSpan CpuInitializationPeriod, TimeSpan InitialReadinessDelay, TimeSpan DownscaleStabilization)
{
    public static HpaTuning From(ControllerOptions options) => new(
        options.HorizontalPodAutoscalerTolerance,
        options.HorizontalPodAutoscalerCpuInitializationPeriod,
        options.HorizontalPodAutoscalerInitialReadinessDelay,
        options.HorizontalPodAutoscalerDownscaleStabilization);
}
