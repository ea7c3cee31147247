using System.Text.Json.Nodes;
using MiniApiServer.UnitTests.Kinds;

namespace MiniApiServer.UnitTests.FlowControl;

/// <summary>The flowcontrol.apiserver.k8s.io kinds' strategies, run as the HTTP path runs them.</summary>
internal static class FlowControlStrategyHarness
{
    private static readonly KindStrategyHarness FlowControl = new("flowcontrol.apiserver.k8s.io");

    public static (JsonObject Admitted, List<string> Causes) Create(string plural, string json) => FlowControl.Create(plural, json);

    public static (JsonObject Admitted, List<string> Causes) Update(string plural, string json, JsonObject old, bool statusOnly = false) =>
        FlowControl.Update(plural, json, old, statusOnly);
}
