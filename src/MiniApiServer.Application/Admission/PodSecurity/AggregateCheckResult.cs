using System.Text;

namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>The failed checks of one evaluation, in check order (policy/checks.go AggregateCheckResults).</summary>
public sealed class AggregateCheckResult(List<CheckResult> failed)
{
    public static readonly AggregateCheckResult Allowed = new([]);

    public bool IsAllowed => failed.Count == 0;

    /// <summary>The reasons alone, joined: what a namespace's existing pods are grouped by.</summary>
    public string ForbiddenReason => string.Join(", ", failed.Select(Reason));

    /// <summary>Each reason with its detail in parentheses, as the refusal and the warning say it.</summary>
    public string ForbiddenDetail
    {
        get
        {
            var b = new StringBuilder();
            for (var i = 0; i < failed.Count; i++)
            {
                b.Append(Reason(failed[i]));
                if (failed[i].ForbiddenDetail.Length > 0)
                {
                    b.Append(" (").Append(failed[i].ForbiddenDetail).Append(')');
                }
                if (i != failed.Count - 1)
                {
                    b.Append(", ");
                }
            }
            return b.ToString();
        }
    }

    private static string Reason(CheckResult r) => r.ForbiddenReason.Length == 0 ? "unknown forbidden reason" : r.ForbiddenReason;
}
