using k8s.Models;
using MiniApiServer.Controllers.Usage;

namespace MiniApiServer.UnitTests.Nodes;

/// <summary>
/// The kubelet-style cumulative CPU counters: a scraper's rate over them (metrics-server's) must give the usage the
/// metrics API shows at each instant. The oracle integrates the instantaneous figures numerically.
/// </summary>
public class SimulatedUsageCounterTests
{
    private static V1Pod Pod(IDictionary<string, string>? annotations = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", Uid = "4f6c1a52-1d64-4bd3-9a0e-6f2b9c1d7e11", Annotations = annotations },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container { Name = "web", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("400m") } } },
                new V1Container { Name = "agent" },
            ],
        },
    };

    [Theory]
    [InlineData(90)]
    [InlineData(700)]
    [InlineData(3600)]
    public void CpuSeconds_IsTheIntegralOfTheUsageCurve(int seconds)
    {
        var pod = Pod();
        var start = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var end = start.AddSeconds(seconds);
        var expected = new Dictionary<string, double> { ["web"] = 0, ["agent"] = 0 };
        const int Steps = 20_000;
        var dt = (double)seconds / Steps;
        for (var i = 0; i < Steps; i++)
        {
            // Midpoint rule over the instantaneous usage in nanocores.
            foreach (var (name, usage) in SimulatedUsage.Containers(pod, start.AddSeconds((i + 0.5) * dt)))
            {
                expected[name] += usage.NanoCores / 1e9 * dt;
            }
        }

        var counters = SimulatedUsage.CpuSeconds(pod, start, end).ToDictionary(c => c.Container, c => c.CoreSeconds);

        // The figures are read at millisecond steps of the wave; the integral is continuous.
        Assert.Equal(expected["web"], counters["web"], expected["web"] * 0.002 + 0.01);
        Assert.Equal(expected["agent"], counters["agent"], expected["agent"] * 0.002 + 0.01);
        Assert.InRange(counters["web"], 0.2 * 0.4 * seconds, 0.8 * 0.4 * seconds);
    }

    [Fact]
    public void OverWholePeriods_TheWaveAveragesHalfTheRequest()
    {
        // Independent of how the instantaneous figure is computed: the sine integrates to zero over a period.
        var pod = Pod();
        var start = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var counters = SimulatedUsage.CpuSeconds(pod, start, start.AddMinutes(15)).ToDictionary(c => c.Container, c => c.CoreSeconds);

        Assert.Equal(0.5 * 0.4 * 900, counters["web"], 1e-6);
        Assert.Equal(0.5 * 0.01 * 900, counters["agent"], 1e-6);
    }

    [Fact]
    public void PinnedCpu_GrowsLinearly()
    {
        var pod = Pod(new Dictionary<string, string> { ["sim.miniapiserver.io/usage-cpu"] = "1500m" });
        var start = DateTimeOffset.UnixEpoch.AddDays(20_000);

        var counters = SimulatedUsage.CpuSeconds(pod, start, start.AddMinutes(2)).ToList();

        Assert.Equal([("web", 180.0), ("agent", 180.0)], counters);
    }
}
