using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// The controllers' typed client: writes go through the same mediator pipeline as HTTP requests (audit, metrics,
/// tracing), as <see cref="User"/>, with models that are never serialized for the server to parse back.
/// </summary>
public sealed class ObjectClient(ISender sender, ResourceRegistry registry, string user)
{
    /// <summary>Upstream's controller identity for a component, e.g. system:serviceaccount:kube-system:daemon-set-controller.</summary>
    public static string ServiceAccount(string name) => $"system:serviceaccount:kube-system:{name}";

    public string User => user;

    /// <summary>The same client acting as another identity (a kubelet writes as its own node).</summary>
    public ObjectClient As(string other) => new(sender, registry, other);

    /// <summary>
    /// Creates <paramref name="obj"/>, which the server takes over; the stored object comes back. It is the model every
    /// informer shares for that version, so it is read-only, as an informer's object is.
    /// </summary>
    public async Task<T> CreateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var result = await sender.Send(new CreateModelCommand(TypeOf<T>(), obj.Metadata?.NamespaceProperty ?? "", obj, WriteOptions.Default, user), ct).ConfigureAwait(false);
        return Read<T>(result);
    }

    /// <summary>The object a write stored: the model the write admitted, decoded only when it handed none back (nothing written).</summary>
    public static T Read<T>(ObjectResult result)
        where T : class =>
        result.Model as T ?? ModelCodec.Decode<T>(result.Json);

    /// <summary>
    /// Read-modify-write on a fresh copy; <paramref name="mutate"/> returns false to write nothing. Setting
    /// metadata.resourceVersion makes it a precondition (409 on mismatch); otherwise a lost race is retried.
    /// </summary>
    public async Task<ObjectResult> UpdateAsync<T>(string ns, string name, Func<T, bool> mutate, bool status = false, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        await sender.Send(new UpdateModelCommand(TypeOf<T>(), ns, name, m => mutate((T)m), status, user), ct).ConfigureAwait(false);

    /// <summary>
    /// Read-modify-write pinned to what <paramref name="mutate"/> saw: the copy keeps its resourceVersion, so a
    /// concurrent write makes this one a 409 rather than a retry on fresh state (client-go's Update of a read object).
    /// </summary>
    public async Task<ObjectResult> UpdatePinnedAsync<T>(string ns, string name, Func<T, bool> mutate, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        await sender.Send(new UpdateModelCommand(TypeOf<T>(), ns, name, m => mutate((T)m), false, user, KeepResourceVersion: true), ct).ConfigureAwait(false);

    public Task<ObjectResult> DeleteAsync<T>(string ns, string name, DeleteOptions options, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        DeleteAsync(TypeOf<T>(), ns, name, options, ct);

    /// <summary>
    /// Read-modify-write of any served type through its metadata, for writers that act on every kind
    /// (the garbage collector's metadata client upstream).
    /// </summary>
    public async Task<ObjectResult> UpdateAsync(ResourceType type, string ns, string name, Func<IKubernetesObject<V1ObjectMeta>, bool> mutate, CancellationToken ct = default) =>
        await sender.Send(new UpdateModelCommand(type, ns, name, m => mutate((IKubernetesObject<V1ObjectMeta>)m), false, user), ct).ConfigureAwait(false);

    public async Task<ObjectResult> DeleteAsync(ResourceType type, string ns, string name, DeleteOptions options, CancellationToken ct = default) =>
        await sender.Send(new DeleteObjectCommand(type, ns, name, options, user), ct).ConfigureAwait(false);

    /// <summary>Creates pods/binding, the scheduler's one write for a placed pod; the uid makes it a precondition.</summary>
    public async Task<ObjectResult> BindAsync(V1Pod pod, string node, CancellationToken ct = default)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "";
        var binding = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Binding",
            ["metadata"] = new JsonObject { ["name"] = pod.Metadata.Name, ["namespace"] = ns, ["uid"] = pod.Metadata.Uid },
            ["target"] = new JsonObject { ["kind"] = "Node", ["name"] = node },
        };
        return await sender.Send(new CreateSubresourceCommand(registry.Pods, "binding", ns, pod.Metadata.Name, binding, WriteOptions.Default, user), ct).ConfigureAwait(false);
    }

    private ResourceType TypeOf<T>() =>
        registry.ByModelType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not a served resource");
}
