using MiniApiServer.Application.Objects;

namespace MiniApiServer.UnitTests.Objects;

/// <summary>
/// The hand-off between quota admission and the quota controller: a recount is safe only when no create is in flight in
/// the namespace and none started or ended while it counted; a charge not followed by its object asks for a recount.
/// </summary>
public sealed class QuotaChargesTests
{
    [Fact]
    public void ANamespaceWithoutCreates_IsQuiet()
    {
        Assert.Equal(0, new QuotaCharges().Quiet("team-a"));
    }

    [Fact]
    public void ACreateInFlight_HoldsTheRecount_AndItsEndMovesTheGeneration()
    {
        var charges = new QuotaCharges();
        var before = charges.Quiet("team-a");

        var charge = charges.Begin("team-a");
        Assert.Null(charges.Quiet("team-a"));
        Assert.Equal(0, charges.Quiet("team-b"));
        charge.Stored();
        charge.Dispose();

        var after = charges.Quiet("team-a");
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void AChargeWithoutItsObject_AsksForARecount_OnceOnly()
    {
        var charges = new QuotaCharges();
        var refunded = new List<string>();
        charges.Refunded += refunded.Add;

        var failed = charges.Begin("team-a");
        failed.Charged = true;
        failed.Dispose();
        failed.Dispose();
        var stored = charges.Begin("team-a");
        stored.Charged = true;
        stored.Stored();
        stored.Dispose();
        var uncharged = charges.Begin("team-a");
        uncharged.Dispose();

        Assert.Equal(["team-a"], refunded);
        Assert.NotNull(charges.Quiet("team-a"));
    }
}
