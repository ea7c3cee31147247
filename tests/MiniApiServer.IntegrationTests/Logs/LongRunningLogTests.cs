using System.Diagnostics;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Logs;

/// <summary>
/// A followed log is a long-running request (kube-apiserver's BasicLongRunningRequestCheck exempts the log, exec,
/// attach, portforward and proxy subresources from --request-timeout): with a 1 s request timeout, kubectl logs -f
/// keeps streaming well past it. It used to end at the timeout.
/// </summary>
public sealed class LongRunningLogTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 1, settings: new Dictionary<string, string>
    {
        ["request-timeout"] = "1",
        ["Controllers:SimulatedLogInterval"] = "00:00:00.2",
    });

    [Fact]
    public async Task FollowedLog_OutlivesTheRequestTimeout()
    {
        var node = (await Client.CoreV1.ListNodeAsync()).Items.Single().Name();
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "follower" },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "app", Image = "app:1" }] },
        };
        await Client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        await Eventually.True(async () => (await Client.CoreV1.ReadNamespacedPodAsync("follower", "default")).Status?.Phase == "Running",
            what: "the pod running");

        using var response = await Server.Http.GetAsync("/api/v1/namespaces/default/pods/follower/log?follow=true",
            HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var streaming = Stopwatch.StartNew();
        var lines = 0;
        // Three times the request timeout; each line comes 0.2 s after the last.
        while (streaming.Elapsed < TimeSpan.FromSeconds(3))
        {
            _ = await reader.ReadLineAsync(deadline.Token)
                ?? throw new Xunit.Sdk.XunitException($"the followed log ended after {streaming.Elapsed.TotalSeconds:F1} s and {lines} lines");
            lines++;
        }
        Assert.True(lines >= 10, $"{lines} lines in {streaming.Elapsed.TotalSeconds:F1} s");

        // An ordinary request on the same server is still bounded by the timeout's parameter check.
        var bad = await Server.Http.GetAsync("/api/v1/namespaces/default/pods?timeout=soon");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
