using k8s.Models;

namespace MiniApiServer.Controllers.ApiRegistration;

public enum AutoRegisterAction
{
    None,
    Create,
    Update,
    Delete,
}

/// <summary>kube-aggregator pkg/controllers/autoregister/autoregister_controller.go checkAPIService's cases, in its order.</summary>
public static class AutoRegisterDecision
{
    /// <param name="desired">What the server wants registered under the name, if anything.</param>
    /// <param name="current">The stored APIService, if any.</param>
    /// <param name="hasSynced">This process already synced the name once without an error.</param>
    /// <param name="existedAtStart">The name was stored when the controller started.</param>
    public static AutoRegisterAction Decide(V1APIService? desired, V1APIService? current, bool hasSynced, bool existedAtStart)
    {
        if (current is null && desired is null)
        {
            return AutoRegisterAction.None;
        }
        // An on-start APIService is synced once per process: a user may change or delete it afterwards (2B, 5B, 6B).
        if (ManagedAs(desired) == APIServicePriorities.OnStart && hasSynced)
        {
            return AutoRegisterAction.None;
        }
        if (current is null)
        {
            return AutoRegisterAction.Create;
        }
        var managed = ManagedAs(current);
        if (managed is not (APIServicePriorities.OnStart or APIServicePriorities.Continuously))
        {
            return AutoRegisterAction.None;
        }
        if (managed == APIServicePriorities.OnStart && (!existedAtStart || hasSynced))
        {
            return AutoRegisterAction.None;
        }
        if (desired is null)
        {
            return AutoRegisterAction.Delete;
        }
        return SpecEquals(current.Spec, desired.Spec) ? AutoRegisterAction.None : AutoRegisterAction.Update;
    }

    private static string? ManagedAs(V1APIService? apiService) =>
        apiService?.Metadata?.Labels is { } labels && labels.TryGetValue(APIServicePriorities.AutoManagedLabel, out var value) ? value : null;

    // reflect.DeepEqual of the specs: nil and empty caBundle differ there too, which only makes one extra update.
    private static bool SpecEquals(V1APIServiceSpec? a, V1APIServiceSpec? b) =>
        a is not null && b is not null
        && a.Group == b.Group && a.Version == b.Version
        && a.GroupPriorityMinimum == b.GroupPriorityMinimum && a.VersionPriority == b.VersionPriority
        && a.InsecureSkipTLSVerify == b.InsecureSkipTLSVerify
        && (a.CaBundle ?? []).AsSpan().SequenceEqual(b.CaBundle ?? [])
        && a.Service?.Name == b.Service?.Name && a.Service?.NamespaceProperty == b.Service?.NamespaceProperty && a.Service?.Port == b.Service?.Port;
}
