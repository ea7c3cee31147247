using static MiniApiServer.UnitTests.FlowControl.FlowControlStrategyHarness;

namespace MiniApiServer.UnitTests.FlowControl;

/// <summary>
/// pkg/apis/flowcontrol/v1/defaults.go and the PriorityLevelConfiguration cases of 1.32's
/// pkg/apis/flowcontrol/validation/validation_test.go (TestPriorityLevelConfigurationValidation): exempt if and only if
/// named exempt, limited and exempt sections by type, the limit response and the queuing's shuffle-sharding bounds, the
/// percentages, and the mandatory levels.
/// </summary>
public sealed class PriorityLevelConfigurationStrategyTests
{
    private static string Level(string name, string spec) => "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec + "}}";

    private static string Queued(string queuing) =>
        "\"type\":\"Limited\",\"limited\":{\"limitResponse\":{\"type\":\"Queue\",\"queuing\":{" + queuing + "}}}";

    [Fact]
    public void Limited_TakesV1Defaults_Shares30_Lendable0_AndQueuing64_8_50()
    {
        var (level, causes) = Create("prioritylevelconfigurations", Level("p", Queued("")));

        Assert.Empty(causes);
        var limited = level["spec"]!["limited"]!;
        var queuing = limited["limitResponse"]!["queuing"]!;
        Assert.Equal((30, 0), (limited["nominalConcurrencyShares"]!.GetValue<int>(), limited["lendablePercent"]!.GetValue<int>()));
        Assert.Equal((64, 8, 50), (queuing["queues"]!.GetValue<int>(), queuing["handSize"]!.GetValue<int>(), queuing["queueLengthLimit"]!.GetValue<int>()));
        Assert.Equal(1, level["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public void ExplicitZeroShares_AreKept_AsV1AllowsThem()
    {
        var (level, causes) = Create("prioritylevelconfigurations", Level("p", "\"type\":\"Limited\",\"limited\":{\"nominalConcurrencyShares\":0,\"limitResponse\":{\"type\":\"Reject\"}}"));

        Assert.Empty(causes);
        Assert.Equal(0, level["spec"]!["limited"]!["nominalConcurrencyShares"]!.GetValue<int>());
        Assert.Null(level["spec"]!["limited"]!["limitResponse"]!["queuing"]);
    }

    [Theory]
    [InlineData("p", "\"type\":\"Exempt\"", "spec.type: Invalid value: \"Exempt\": type must be 'Exempt' if and only if name is 'exempt'")]
    [InlineData("p", "\"type\":\"Sometimes\"", "spec.type: Unsupported value: \"Sometimes\": supported values: \"Exempt\", \"Limited\"")]
    [InlineData("p", "\"type\":\"Limited\"", "spec.limited: Required value: must not be empty when type is Limited")]
    [InlineData("p", "\"type\":\"Limited\",\"exempt\":{},\"limited\":{\"limitResponse\":{\"type\":\"Reject\"}}", "spec.exempt: Forbidden: must be nil if the type is Limited")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"nominalConcurrencyShares\":-1,\"limitResponse\":{\"type\":\"Reject\"}}", "spec.limited.nominalConcurrencyShares: Invalid value: -1: must be a non-negative integer")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"lendablePercent\":101,\"limitResponse\":{\"type\":\"Reject\"}}", "spec.limited.lendablePercent: Invalid value: 101: must be between 0 and 100, inclusive")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"borrowingLimitPercent\":-1,\"limitResponse\":{\"type\":\"Reject\"}}", "spec.limited.borrowingLimitPercent: Invalid value: -1: if specified, must be a non-negative integer")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"limitResponse\":{\"type\":\"Reject\",\"queuing\":{}}}", "spec.limited.limitResponse.queuing: Forbidden: must be nil if limited.limitResponse.type is not Limited")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"limitResponse\":{\"type\":\"Queue\"}}", "spec.limited.limitResponse.queuing: Required value: must not be empty if limited.limitResponse.type is Limited")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"limitResponse\":{\"type\":\"Drop\"}}", "spec.limited.limitResponse.type: Unsupported value: \"Drop\": supported values: \"Queue\", \"Reject\"")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"limitResponse\":{\"type\":\"Queue\",\"queuing\":{\"queues\":7,\"handSize\":8}}}", "spec.limited.limitResponse.queuing.handSize: Invalid value: 8: should not be greater than queues (7)")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"limitResponse\":{\"type\":\"Queue\",\"queuing\":{\"queues\":10000001,\"handSize\":1}}}", "spec.limited.limitResponse.queuing.queues: Invalid value: 10000001: must not be greater than 10000000")]
    [InlineData("p", "\"type\":\"Limited\",\"limited\":{\"limitResponse\":{\"type\":\"Queue\",\"queuing\":{\"queues\":128,\"handSize\":10}}}", "spec.limited.limitResponse.queuing.handSize: Invalid value: 10: required entropy bits of deckSize 128 and handSize 10 should not be greater than 60")]
    [InlineData("exempt", "\"type\":\"Exempt\",\"exempt\":{\"lendablePercent\":-1}", "spec.exempt.lendablePercent: Invalid value: -1: must be between 0 and 100, inclusive")]
    [InlineData("exempt", "\"type\":\"Exempt\",\"exempt\":{\"nominalConcurrencyShares\":-1}", "spec.exempt.nominalConcurrencyShares: Invalid value: -1: must be a non-negative integer")]
    public void InvalidSpec_IsRefused_WithUpstreamsCause(string name, string spec, string cause)
    {
        var (_, causes) = Create("prioritylevelconfigurations", Level(name, spec));

        Assert.Equal([cause], causes);
    }

    [Fact]
    public void TheExemptLevel_MayTuneSpecExempt_ButNotTheRest()
    {
        var (tuned, allowed) = Create("prioritylevelconfigurations", Level("exempt", "\"type\":\"Exempt\",\"exempt\":{\"nominalConcurrencyShares\":10,\"lendablePercent\":50}"));
        var (_, refused) = Create("prioritylevelconfigurations", Level("catch-all", "\"type\":\"Limited\",\"limited\":{\"nominalConcurrencyShares\":6,\"limitResponse\":{\"type\":\"Reject\"}}"));

        Assert.Empty(allowed);
        Assert.Equal(10, tuned["spec"]!["exempt"]!["nominalConcurrencyShares"]!.GetValue<int>());
        Assert.Equal(
            ["spec: Invalid value: flowcontrol.PriorityLevelConfigurationSpec{Type:\"Limited\", Limited:(*flowcontrol.LimitedPriorityLevelConfiguration)(0xc000000000), Exempt:(*flowcontrol.ExemptPriorityLevelConfiguration)(nil)}: spec of 'catch-all' must equal the fixed value"],
            refused);
    }

    [Fact]
    public void TheV1beta3RoundTripAnnotation_IsForbidden()
    {
        var (_, causes) = Create("prioritylevelconfigurations",
            """{"metadata":{"name":"p","annotations":{"flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares":""}},"spec":{"type":"Limited","limited":{"limitResponse":{"type":"Reject"}}}}""");

        Assert.Equal(["metadata.annotations: Forbidden: annotation 'flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares' is forbidden"], causes);
    }
}
