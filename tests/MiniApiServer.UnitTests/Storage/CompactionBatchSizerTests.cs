using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Storage;

public sealed class CompactionBatchSizerTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(5);

    [Fact]
    public void SlowFullBatch_ShrinksSoTheNextFitsTheTarget()
    {
        var sizer = new CompactionBatchSizer(Target, initial: 1000);
        sizer.Observe(1000, TimeSpan.FromMilliseconds(76));
        // 1,000 rows in 76 ms is ~13 rows per ms: a 5 ms batch holds at most ~65 rows.
        Assert.InRange(sizer.Next, 16, 65);
    }

    [Fact]
    public void FastFullBatch_Doubles_UpToTheCeiling()
    {
        var sizer = new CompactionBatchSizer(Target, initial: 256, max: 1024);
        sizer.Observe(256, TimeSpan.FromMilliseconds(1));
        Assert.Equal(512, sizer.Next);
        sizer.Observe(512, TimeSpan.FromMilliseconds(1));
        sizer.Observe(1024, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1024, sizer.Next);
    }

    [Fact]
    public void BatchNearTheTarget_KeepsItsSize()
    {
        var sizer = new CompactionBatchSizer(Target, initial: 256);
        sizer.Observe(256, TimeSpan.FromMilliseconds(4));
        Assert.Equal(256, sizer.Next);
    }

    [Fact]
    public void ShortBatch_AtTheEndOfTheLog_ChangesNothing()
    {
        var sizer = new CompactionBatchSizer(Target, initial: 256);
        sizer.Observe(3, TimeSpan.FromMilliseconds(500));
        Assert.Equal(256, sizer.Next);
    }

    [Fact]
    public void NeverShrinksBelowTheFloor()
    {
        var sizer = new CompactionBatchSizer(Target, initial: 32, min: 16);
        sizer.Observe(32, TimeSpan.FromSeconds(10));
        sizer.Observe(16, TimeSpan.FromSeconds(10));
        Assert.Equal(16, sizer.Next);
    }
}
