using k8s;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.FlowControl;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.FlowControl;

/// <summary>
/// One kind's half of the bootstrap ensurer: its mandatory and suggested objects, read from the informer and written
/// through the loopback client. The spec accessors let FlowSchemas and PriorityLevelConfigurations share the rules.
/// </summary>
internal sealed class BootstrapKind<T>(
    Informer<T> informer,
    ObjectClient client,
    Func<IReadOnlyList<T>> mandatory,
    Func<IReadOnlyList<T>> suggested,
    Func<T, T?, object?> desiredSpec,
    Action<T, object?> setSpec,
    Func<T, object?> spec)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, (T Object, bool Mandatory)> _bootstrap =
        mandatory().Select(o => (o, true)).Concat(suggested().Select(o => (o, false))).ToDictionary(p => p.o.Metadata.Name, p => (p.o, p.Item2));

    public Informer<T> Informer => informer;

    /// <summary>Every name to look at on a full pass: the bootstrap's and whatever is stored.</summary>
    public IEnumerable<string> Names() => _bootstrap.Keys.Concat(informer.List().Select(o => o.Metadata.Name)).Distinct();

    public async Task EnsureAsync(string name, CancellationToken ct)
    {
        var found = _bootstrap.TryGetValue(name, out var entry);
        var current = informer.Get("", name);
        var desired = found ? desiredSpec(entry.Object, current) : null;
        var action = EnsureDecision.Decide(found ? entry.Object.Metadata : null, entry.Mandatory, current?.Metadata,
            current is not null && Semantic.DeepEqual(spec(current), desired));
        try
        {
            await ApplyAsync(action, name, current, ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Deleted, created or changed meanwhile: the informer's event brings the name back.
        }
    }

    private async Task ApplyAsync(EnsureAction action, string name, T? current, CancellationToken ct)
    {
        switch (action)
        {
            case EnsureAction.Create:
                await client.CreateAsync(Fresh(name), ct).ConfigureAwait(false);
                break;
            case EnsureAction.UpdateSpec:
                await client.UpdateAsync<T>("", name, o => Revise(o, current!.Metadata.Uid, desiredSpec(Fresh(name), o), "true"), ct: ct).ConfigureAwait(false);
                break;
            case EnsureAction.MarkNotAutoUpdated:
                await client.UpdateAsync<T>("", name, o => Revise(o, current!.Metadata.Uid, null, "false"), ct: ct).ConfigureAwait(false);
                break;
            case EnsureAction.Delete:
                await client.DeleteAsync<T>("", name, new DeleteOptions(PreconditionUid: current!.Metadata.Uid, PreconditionResourceVersion: current.Metadata.ResourceVersion), ct).ConfigureAwait(false);
                break;
            case EnsureAction.None:
                break;
        }
    }

    // Built anew for every write: the server takes over what it is handed, and the comparison copies stay unshared.
    private T Fresh(string name) => mandatory().Concat(suggested()).First(o => o.Metadata.Name == name);

    private bool Revise(T stored, string uid, object? desired, string annotation)
    {
        if (stored.Metadata.Uid != uid)
        {
            return false;
        }
        if (desired is not null)
        {
            setSpec(stored, desired);
        }
        stored.Metadata.Annotations ??= new Dictionary<string, string>();
        stored.Metadata.Annotations[FlowControlBootstrap.AutoUpdateAnnotation] = annotation;
        return true;
    }
}
