using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniApiServer.Controllers.LeaderElection;

/// <summary>The fields of a Lease that leader election reads; compared as a whole to notice a renewal.</summary>
public sealed record LeaseRecord(string Holder, int DurationSeconds, string RenewTime, int Transitions, string ResourceVersion)
{
    public static LeaseRecord From(JsonObject lease)
    {
        var spec = lease["spec"] as JsonObject;
        return new LeaseRecord(
            (string?)spec?["holderIdentity"] ?? "",
            (int?)spec?["leaseDurationSeconds"] ?? 0,
            (string?)spec?["renewTime"] ?? "",
            (int?)spec?["leaseTransitions"] ?? 0,
            (string?)lease["metadata"]?["resourceVersion"] ?? "");
    }

    public static string MicroTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
