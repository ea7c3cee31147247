using k8s.Models;

namespace MiniApiServer.Controllers.LeaderElection;

/// <summary>The fields of a Lease that leader election reads; compared as a whole to notice a renewal.</summary>
public sealed record LeaseRecord(string Holder, int DurationSeconds, DateTime? RenewTime, int Transitions, string ResourceVersion)
{
    public static LeaseRecord From(V1Lease lease) => new(
        lease.Spec?.HolderIdentity ?? "",
        lease.Spec?.LeaseDurationSeconds ?? 0,
        lease.Spec?.RenewTime,
        lease.Spec?.LeaseTransitions ?? 0,
        lease.Metadata?.ResourceVersion ?? "");

    /// <summary>metav1.MicroTime: what a Lease stores of a time, so a record read back compares equal to the one written.</summary>
    public static DateTime MicroTime(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000), DateTimeKind.Utc);
}
