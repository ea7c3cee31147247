using MiniApiServer.Application.Tables;
namespace MiniApiServer.UnitTests.Tables;

public class HumanDurationTests
{
    public static TheoryData<TimeSpan, string> Cases => new()
    {
        { TimeSpan.FromSeconds(-3), "<invalid>" },
        { TimeSpan.FromSeconds(-2), "<invalid>" },
        { TimeSpan.FromSeconds(-1.5), "0s" },
        { TimeSpan.FromMilliseconds(-500), "0s" },
        { TimeSpan.Zero, "0s" },
        { TimeSpan.FromSeconds(1), "1s" },
        { TimeSpan.FromSeconds(59), "59s" },
        { TimeSpan.FromSeconds(119), "119s" },
        { TimeSpan.FromMinutes(2), "2m" },
        { TimeSpan.FromSeconds(150), "2m30s" },
        { TimeSpan.FromSeconds(599), "9m59s" },
        { TimeSpan.FromMinutes(10), "10m" },
        { TimeSpan.FromSeconds(630), "10m" },
        { TimeSpan.FromMinutes(179), "179m" },
        { TimeSpan.FromHours(3), "3h" },
        { TimeSpan.FromMinutes(185), "3h5m" },
        { TimeSpan.FromMinutes(479), "7h59m" },
        { TimeSpan.FromHours(8), "8h" },
        { TimeSpan.FromMinutes(8 * 60 + 30), "8h" },
        { TimeSpan.FromHours(47), "47h" },
        { TimeSpan.FromHours(48), "2d" },
        { TimeSpan.FromHours(49), "2d1h" },
        { TimeSpan.FromHours(24 * 8 - 1), "7d23h" },
        { TimeSpan.FromDays(8), "8d" },
        { TimeSpan.FromDays(729), "729d" },
        { TimeSpan.FromDays(730), "2y" },
        { TimeSpan.FromDays(731), "2y1d" },
        { TimeSpan.FromDays(365 * 8 - 1), "7y364d" },
        { TimeSpan.FromDays(365 * 8), "8y" },
        { TimeSpan.FromDays(365 * 10 + 100), "10y" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Format_Duration_MatchesApimachinery(TimeSpan duration, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(duration));
    }
}
