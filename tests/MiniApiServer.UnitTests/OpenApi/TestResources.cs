using MiniApiServer.Discovery;
using MiniApiServer.OpenApi;
using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.UnitTests.OpenApi;

/// <summary>The served resource set and a generator with the client package's XML docs.</summary>
internal static class TestResources
{
    public static IReadOnlyList<ResourceType> Types { get; } = new ResourceRegistry().Types;

    public static XmlDocumentation Docs { get; } = XmlDocumentation.Load(
        XmlDocumentation.FindFor(typeof(V1Pod).Assembly) ?? throw new InvalidOperationException("KubernetesClient.xml not found."));

    /// <summary>What discovery serves: the stored kinds and the create-only reviews (and serviceaccounts/token).</summary>
    public static OpenApiV3Generator Generator { get; } = new(CreateOnlyResources.WithServed(Types), Docs);
}
