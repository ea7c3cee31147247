using MiniApiServer.Application.Kinds;

namespace MiniApiServer.Application.Tables;

/// <summary>Which printer handles a group/resource: the one its kind definition names (printers.go <c>AddHandlers</c>).</summary>
internal static class PrinterRegistry
{
    private static readonly RowPrinter Default = new DefaultPrinter();

    private static readonly Dictionary<(string Group, string Resource), RowPrinter> Printers =
        KindCatalog.All.DistinctBy(k => (k.Type.Group, k.Type.Plural)).ToDictionary(k => (k.Type.Group, k.Type.Plural), k => k.Printer);

    /// <summary>A resource this server does not serve gets the default Name / Created At table, as upstream's defaultTableConvertor.</summary>
    public static RowPrinter For(string group, string resource) =>
        Printers.GetValueOrDefault((group, resource), Default);
}
