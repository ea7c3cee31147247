namespace MiniApiServer.Application.Objects;

/// <param name="FieldValidation">Strict, Warn (the server default) or Ignore, as the fieldValidation query parameter.</param>
/// <param name="FieldManager">The fieldManager query parameter, which an apply must name.</param>
/// <param name="DefaultManager">
/// Who an HTTP write without fieldManager is recorded as: its User-Agent up to the first "/", as upstream's
/// managerOrUserAgent (create.go), possibly empty. Null for an in-process writer, which records no managedFields entry.
/// </param>
public sealed record WriteOptions(bool DryRun = false, string FieldValidation = "Warn", string? FieldManager = null, string? DefaultManager = null)
{
    public static readonly WriteOptions Default = new();

    /// <summary>
    /// The subresource a write came through when it is not the object itself or its status: "scale", whose writer's
    /// entry upstream's ScaleHandler keeps apart on the parent, owning spec.replicas.
    /// </summary>
    public string? Subresource { get; init; }

    /// <summary>
    /// A JSON patch's own strict errors ("json patch unknown field ..."), which come before the patched object's unknown
    /// fields in the warning or the Strict refusal (applyPatchToCurrentObject).
    /// </summary>
    public IReadOnlyList<string> PatchStrictErrors { get; init; } = [];

    /// <summary>The keys a create's or an update's body repeated, strict errors of its decode as unknown fields are.</summary>
    public Serialization.BodyDuplicates? BodyDuplicates { get; init; }

    /// <summary>Who the write is for, as admission webhooks are told; null for the in-process control loops.</summary>
    public Webhooks.AdmissionUser? User { get; init; }

    /// <summary>
    /// A registry's own write beneath a request that admission already saw (an eviction's condition and delete), which
    /// upstream makes straight to storage with rest.ValidateAllObjectFunc: no webhook is called for it.
    /// </summary>
    public bool BypassesWebhooks { get; init; }

    /// <summary>The manager a non-apply write is recorded under in managedFields; null records none.</summary>
    public string? Manager => FieldManager ?? DefaultManager;

    /// <summary>
    /// Options for a write upstream makes beneath its field manager, which records no Update entry for it: the create or
    /// update an apply turns into (the apply records its own entry), and a binding (BindingREST updates storage directly).
    /// </summary>
    public WriteOptions WithoutManager() => this with { FieldManager = null, DefaultManager = null };
}
