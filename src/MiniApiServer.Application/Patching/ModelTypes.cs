using System.Collections.Frozen;
using System.Reflection;
using k8s.Models;

namespace MiniApiServer.Application.Patching;

/// <summary>Finds the k8s.Models type of an object from its apiVersion and kind.</summary>
internal static class ModelTypes
{
    private static readonly FrozenDictionary<(string ApiVersion, string Kind), Type> ByGroupVersionKind =
        typeof(V1Pod).Assembly.GetTypes()
            .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(t => t.Entity is { Kind: not null, ApiVersion: not null })
            .GroupBy(t => (ApiVersion: string.IsNullOrEmpty(t.Entity!.Group) ? t.Entity.ApiVersion : $"{t.Entity.Group}/{t.Entity.ApiVersion}", t.Entity.Kind))
            .ToFrozenDictionary(g => g.Key, g => g.First().Type);

    public static Type? Find(string? apiVersion, string? kind) =>
        apiVersion is not null && kind is not null ? ByGroupVersionKind.GetValueOrDefault((apiVersion, kind)) : null;
}
