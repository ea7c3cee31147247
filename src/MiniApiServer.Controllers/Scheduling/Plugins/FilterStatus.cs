namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>A filter verdict for one node, with the reasons FitError counts.</summary>
public sealed record FilterStatus(FilterCode Code, IReadOnlyList<string> Reasons)
{
    public static readonly FilterStatus Success = new(FilterCode.Success, []);

    public bool IsSuccess => Code == FilterCode.Success;

    public static FilterStatus Unschedulable(params string[] reasons) => new(FilterCode.Unschedulable, reasons);

    public static FilterStatus Unresolvable(params string[] reasons) => new(FilterCode.UnschedulableAndUnresolvable, reasons);
}
