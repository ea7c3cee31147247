namespace MiniApiServer.Application.Resources;

/// <summary>A served resource: what discovery advertises and what the storage key is.</summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    Type ModelType,
    string[] ShortNames,
    string[] Categories,
    string[] Subresources,
    bool UsesGeneration = false,
    string[]? Verbs = null)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The group-qualified resource ("daemonsets.apps", "pods"), as Status messages and storage keys name it.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>
    /// The registry's key: the group-qualified resource, unless another version of the same resource is served from
    /// that one's store (autoscaling/v1 horizontalpodautoscalers), whose key then names its version.
    /// </summary>
    public string StorageKey
    {
        get => _storageKey ?? GroupResource;
        init => _storageKey = value;
    }

    private readonly string? _storageKey;

    /// <summary>A CRD version's selectableFields, as fieldSelector keys ("spec.color"), read from the object when selecting.</summary>
    public IReadOnlyList<string> SelectableFieldPaths { get; init; } = [];

    public bool HasStatus => Subresources.Contains("status");

    /// <summary>A CRD's custom resource: its objects have no model class, so <see cref="ModelType"/> is JsonObject.</summary>
    public bool IsCustom => ModelType == typeof(System.Text.Json.Nodes.JsonObject);

    /// <summary>The class a body decodes into for field checks; none for a custom resource, whose schema checks it.</summary>
    public Type? BodyType => IsCustom ? null : ModelType;

    /// <summary>The structure server-side apply and managedFields follow: the model, or a custom resource's known shape.</summary>
    public Type FieldsType => IsCustom ? typeof(Kinds.CustomResourceShape) : ModelType;

    public string ListKind => Kind + "List";

    public string BasePath => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
}
