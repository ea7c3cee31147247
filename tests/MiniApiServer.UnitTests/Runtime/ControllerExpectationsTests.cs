using Microsoft.Extensions.Time.Testing;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>controller_utils.go ControllerExpectations on a fake clock (oracle: TestControllerExpectations upstream).</summary>
public sealed class ControllerExpectationsTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly ControllerExpectations _exp;

    public ControllerExpectationsTests() => _exp = new ControllerExpectations(_clock, "test");

    [Fact]
    public void UnknownKey_IsSatisfied()
    {
        Assert.True(_exp.SatisfiedExpectations("ns/new"));
        Assert.Null(_exp.GetExpectations("ns/new"));
    }

    [Fact]
    public void ExpectedCreations_AreSatisfiedOnlyWhenEachIsObserved()
    {
        _exp.ExpectCreations("ns/ds", 3);
        _exp.CreationObserved("ns/ds");
        _exp.CreationObserved("ns/ds");
        Assert.False(_exp.SatisfiedExpectations("ns/ds"));
        Assert.Equal((1L, 0L), _exp.GetExpectations("ns/ds"));
        _exp.CreationObserved("ns/ds");
        Assert.True(_exp.SatisfiedExpectations("ns/ds"));
    }

    [Fact]
    public void CreationsAndDeletions_MustBothBeObserved()
    {
        _exp.SetExpectations("ns/ds", 1, 2);
        _exp.CreationObserved("ns/ds");
        _exp.DeletionObserved("ns/ds");
        Assert.False(_exp.SatisfiedExpectations("ns/ds"));
        _exp.DeletionObserved("ns/ds");
        Assert.True(_exp.SatisfiedExpectations("ns/ds"));
    }

    [Fact]
    public void FailedWrites_LowerTheExpectation()
    {
        _exp.ExpectCreations("ns/ds", 4);
        _exp.CreationObserved("ns/ds");            // one created and seen
        _exp.LowerExpectations("ns/ds", 3, 0);     // one failed, two skipped after the failed batch
        Assert.True(_exp.SatisfiedExpectations("ns/ds"));
    }

    [Fact]
    public void OvershootingObservations_StaySatisfied_AndANewExpectationReplacesTheOld()
    {
        _exp.ExpectDeletions("ns/ds", 1);
        _exp.DeletionObserved("ns/ds");
        _exp.DeletionObserved("ns/ds");
        Assert.True(_exp.SatisfiedExpectations("ns/ds"));
        _exp.ExpectDeletions("ns/ds", 1);
        Assert.False(_exp.SatisfiedExpectations("ns/ds"));
        Assert.Equal((0L, 1L), _exp.GetExpectations("ns/ds"));
    }

    [Fact]
    public void Expectations_ExpireAfterFiveMinutes_NotBefore()
    {
        _exp.ExpectCreations("ns/ds", 1);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(_exp.SatisfiedExpectations("ns/ds"));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(_exp.SatisfiedExpectations("ns/ds"));
    }

    [Fact]
    public void SettingExpectations_RestartsTheTimeout()
    {
        _exp.ExpectCreations("ns/ds", 1);
        _clock.Advance(TimeSpan.FromMinutes(4));
        _exp.ExpectCreations("ns/ds", 1);
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(_exp.SatisfiedExpectations("ns/ds"));
    }

    [Fact]
    public void DeleteExpectations_ForgetsTheKey_AndObservationsAfterwardAreIgnored()
    {
        _exp.ExpectCreations("ns/ds", 2);
        _exp.DeleteExpectations("ns/ds");
        Assert.True(_exp.SatisfiedExpectations("ns/ds"));
        _exp.CreationObserved("ns/ds");
        Assert.Null(_exp.GetExpectations("ns/ds"));
    }

    [Fact]
    public void Keys_AreIndependent()
    {
        _exp.ExpectCreations("ns/a", 1);
        Assert.True(_exp.SatisfiedExpectations("ns/b"));
        _exp.CreationObserved("ns/b");
        Assert.False(_exp.SatisfiedExpectations("ns/a"));
    }
}
