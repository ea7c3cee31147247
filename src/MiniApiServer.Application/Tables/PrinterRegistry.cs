namespace MiniApiServer.Application.Tables;

/// <summary>Which printer handles a group/resource, mirroring the handlers printers.go <c>AddHandlers</c> registers.</summary>
internal static class PrinterRegistry
{
    private static readonly RowPrinter Default = new DefaultPrinter();

    private static readonly Dictionary<(string Group, string Resource), RowPrinter> Printers = new()
    {
        [("", "pods")] = new PodPrinter(),
        [("", "nodes")] = new NodePrinter(),
        [("", "namespaces")] = new NamespacePrinter(),
        [("", "events")] = new EventPrinter(EventView.FromCore),
        [("events.k8s.io", "events")] = new EventPrinter(EventView.FromEventsV1),
        [("", "configmaps")] = new ConfigMapPrinter(),
        [("", "secrets")] = new SecretPrinter(),
        [("", "serviceaccounts")] = new ServiceAccountPrinter(),
        [("apps", "daemonsets")] = new DaemonSetPrinter(),
        [("apps", "controllerrevisions")] = new ControllerRevisionPrinter(),
        [("coordination.k8s.io", "leases")] = new LeasePrinter(),
        [("rbac.authorization.k8s.io", "rolebindings")] = new RoleBindingPrinter(cluster: false),
        [("rbac.authorization.k8s.io", "clusterrolebindings")] = new RoleBindingPrinter(cluster: true),
    };

    /// <summary>Resources without a printers.go handler (e.g. roles, clusterroles) get the default Name / Created At table.</summary>
    public static RowPrinter For(string group, string resource) =>
        Printers.GetValueOrDefault((group, resource), Default);
}
