using System.Text.Json.Nodes;
using MiniApiServer.Application.Admission;
using MiniApiServer.UnitTests.Kinds;

namespace MiniApiServer.UnitTests.Csi;

/// <summary>The storage.k8s.io kinds' strategies, run as the HTTP path runs them.</summary>
internal static class CsiStrategyHarness
{
    private static readonly KindStrategyHarness Storage = new("storage.k8s.io");

    public static IResourceStrategy Strategy(string plural) => Storage.Strategy(plural);

    public static (JsonObject Admitted, List<string> Causes) Create(string plural, string json) => Storage.Create(plural, json);

    public static (JsonObject Admitted, List<string> Causes) Update(string plural, string json, JsonObject old, bool statusOnly = false) =>
        Storage.Update(plural, json, old, statusOnly);
}
