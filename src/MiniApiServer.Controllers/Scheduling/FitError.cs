using System.Globalization;
using MiniApiServer.Controllers.Scheduling.Plugins;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// pkg/scheduler/framework/types.go FitError.Error(): "0/N nodes are available: " then each reason with
/// how many nodes gave it, sorted as strings, then what DefaultPreemption's PostFilter said. This server
/// does not preempt, so PostFilter reports what upstream reports when no lower-priority victim exists:
/// unresolvable nodes are "not helpful", the rest have "no victims" (preemption/preemption.go).
/// </summary>
public sealed class FitError(int numAllNodes, IReadOnlyDictionary<string, FilterStatus> nodeStatuses)
{
    public const string PreemptionNotHelpful = "Preemption is not helpful for scheduling";
    public const string NoPreemptionVictims = "No preemption victims found for incoming pod";

    public int NumAllNodes { get; } = numAllNodes;

    public IReadOnlyDictionary<string, FilterStatus> NodeStatuses { get; } = nodeStatuses;

    public string Message
    {
        get
        {
            var filterMsg = Histogram(NodeStatuses.Values.SelectMany(s => s.Reasons));
            var preemption = Histogram(NodeStatuses.Values.Select(s =>
                s.Code == FilterCode.UnschedulableAndUnresolvable ? PreemptionNotHelpful : NoPreemptionVictims));
            var head = $"0/{NumAllNodes.ToString(CultureInfo.InvariantCulture)} nodes are available:";
            var message = filterMsg.Length > 0 ? $"{head} {filterMsg}." : head;
            return preemption.Length > 0 ? $"{message} preemption: {head} {preemption}." : message;
        }
    }

    public override string ToString() => Message;

    /// <summary>
    /// A PreFilter rejection: every node gets the same unresolvable status, whose message is said once (FitError.Error's
    /// Diagnosis.PreFilterMsg), and preemption finds it not helpful on any of them.
    /// </summary>
    public static string PreFilterRejected(int numAllNodes, string message)
    {
        var n = numAllNodes.ToString(CultureInfo.InvariantCulture);
        return $"0/{n} nodes are available: {message}. preemption: 0/{n} nodes are available: {n} {PreemptionNotHelpful}.";
    }

    private static string Histogram(IEnumerable<string> reasons) =>
        string.Join(", ", reasons
            .GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => $"{g.Count().ToString(CultureInfo.InvariantCulture)} {g.Key}")
            .Order(StringComparer.Ordinal));
}
