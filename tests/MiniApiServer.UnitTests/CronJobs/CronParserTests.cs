using System.Globalization;
using MiniApiServer.Application.Cron;

namespace MiniApiServer.UnitTests.CronJobs;

/// <summary>
/// robfig/cron v3's ParseStandard and SpecSchedule.Next (parser_test.go, spec_test.go), which upstream's CronJob
/// validation and controller use: field syntax, names, the day-of-month/day-of-week rule, descriptors, errors, and DST.
/// </summary>
public sealed class CronParserTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Next(string spec, string after, string? zone = null) =>
        CronParser.Parse(spec, zone is null ? null : TimeZoneInfo.FindSystemTimeZoneById(zone)).Next(At(after));

    [Theory]
    [InlineData("* * * * *", "2026-07-09T14:45:00Z", "2026-07-09T14:46:00Z")]
    [InlineData("*/15 * * * *", "2026-07-09T14:45:00Z", "2026-07-09T15:00:00Z")]
    [InlineData("5-20/5 * * * *", "2026-07-09T14:16:00Z", "2026-07-09T14:20:00Z")]
    [InlineData("5-20/5 * * * *", "2026-07-09T14:21:00Z", "2026-07-09T15:05:00Z")]
    [InlineData("10/20 * * * *", "2026-07-09T14:31:00Z", "2026-07-09T14:50:00Z")]
    [InlineData("0 9,17 * * *", "2026-07-09T09:00:00Z", "2026-07-09T17:00:00Z")]
    [InlineData("0 0 1 JAN *", "2026-07-09T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 * jun-aug *", "2026-09-01T00:00:00Z", "2027-06-01T00:00:00Z")]
    [InlineData("30 8 * * MON-FRI", "2026-07-10T09:00:00Z", "2026-07-13T08:30:00Z")]
    [InlineData("0 0 * * sun", "2026-07-09T00:00:00Z", "2026-07-12T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 ? * *", "2026-07-09T00:00:00Z", "2026-07-10T00:00:00Z")]
    [InlineData("0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z")]
    public void Next_FollowsTheFields(string spec, string after, string expected) =>
        Assert.Equal(At(expected), Next(spec, after));

    [Fact]
    public void DayOfMonthAndDayOfWeek_AreOred_UnlessOneIsAStar()
    {
        // 2026-07-09 is a Thursday; the 13th is a Monday, and Friday the 10th comes first.
        Assert.Equal(At("2026-07-10T00:00:00Z"), Next("0 0 13 * FRI", "2026-07-09T00:00:00Z"));
        Assert.Equal(At("2026-07-13T00:00:00Z"), Next("0 0 13 * FRI", "2026-07-10T00:00:00Z"));
        // "*" in day-of-month: only Fridays.
        Assert.Equal(At("2026-07-17T00:00:00Z"), Next("0 0 * * FRI", "2026-07-10T00:00:00Z"));
        // "*" in day-of-week: only the 13th.
        Assert.Equal(At("2026-08-13T00:00:00Z"), Next("0 0 13 * *", "2026-07-13T00:00:00Z"));
        // A stepped star ("*/1") still counts as a star, "*/2" does not.
        Assert.Equal(At("2026-07-17T00:00:00Z"), Next("0 0 */1 * FRI", "2026-07-10T00:00:00Z"));
        Assert.Equal(At("2026-07-11T00:00:00Z"), Next("0 0 */2 * FRI", "2026-07-10T00:00:00Z"));
    }

    [Theory]
    [InlineData("@yearly", "2026-07-09T10:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@annually", "2026-07-09T10:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@monthly", "2026-07-09T10:00:00Z", "2026-08-01T00:00:00Z")]
    [InlineData("@weekly", "2026-07-09T10:00:00Z", "2026-07-12T00:00:00Z")]
    [InlineData("@daily", "2026-07-09T10:00:00Z", "2026-07-10T00:00:00Z")]
    [InlineData("@midnight", "2026-07-09T10:00:00Z", "2026-07-10T00:00:00Z")]
    [InlineData("@hourly", "2026-07-09T10:00:00Z", "2026-07-09T11:00:00Z")]
    [InlineData("@every 90s", "2026-07-09T10:00:00.250Z", "2026-07-09T10:01:30Z")]
    [InlineData("TZ=UTC 0 12 * * *", "2026-07-09T10:00:00Z", "2026-07-09T12:00:00Z")]
    public void Descriptors_AsRobfigCron(string spec, string after, string expected) =>
        Assert.Equal(At(expected), Next(spec, after));

    [Theory]
    [InlineData("", "empty spec string")]
    [InlineData("foo", "expected exactly 5 fields, found 1: [foo]")]
    [InlineData("* * * * * *", "expected exactly 5 fields, found 6: [* * * * * *]")]
    [InlineData("60 * * * *", "end of range (60) above maximum (59): 60")]
    [InlineData("* 24 * * *", "end of range (24) above maximum (23): 24")]
    [InlineData("* * 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("* * * * 7", "end of range (7) above maximum (6): 7")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("1-2-3 * * * *", "too many hyphens: 1-2-3")]
    [InlineData("*/2/3 * * * *", "too many slashes: */2/3")]
    [InlineData("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("* * * FOO *", "failed to parse int from FOO: strconv.Atoi: parsing \"FOO\": invalid syntax")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("@every 1d", "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("TZ=Mars/Olympus * * * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus")]
    public void Errors_CarryRobfigCronsMessages(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => CronParser.Parse(spec)).Message);

    [Fact]
    public void ImpossibleDate_HasNoNextTime() => Assert.Null(Next("0 0 30 2 *", "2026-01-01T00:00:00Z"));

    [Fact]
    public void TimeZone_MatchesTheWallClockThere()
    {
        // 09:00 in New York is 13:00 UTC in summer (EDT) and 14:00 UTC in winter (EST).
        Assert.Equal(At("2026-07-09T13:00:00Z"), Next("0 9 * * *", "2026-07-09T00:00:00Z", "America/New_York"));
        Assert.Equal(At("2026-01-09T14:00:00Z"), Next("0 9 * * *", "2026-01-09T00:00:00Z", "America/New_York"));
    }

    [Fact]
    public void SpringForward_SkipsTheWallTimeThatDoesNotExist()
    {
        // 2024-03-10 02:00 EST jumps to 03:00 EDT: robfig/cron has no 02:30 that day and runs the next day.
        Assert.Equal(At("2024-03-11T06:30:00Z"), Next("30 2 * * *", "2024-03-10T05:00:00Z", "America/New_York"));
    }

    [Fact]
    public void FallBack_RunsInBothOccurrencesOfTheRepeatedHour()
    {
        // 2024-11-03 02:00 EDT goes back to 01:00 EST: 01:30 happens at 05:30Z and again at 06:30Z, and robfig/cron runs both.
        Assert.Equal(At("2024-11-03T05:30:00Z"), Next("30 1 * * *", "2024-11-03T04:00:00Z", "America/New_York"));
        Assert.Equal(At("2024-11-03T06:30:00Z"), Next("30 1 * * *", "2024-11-03T05:30:00Z", "America/New_York"));
        Assert.Equal(At("2024-11-04T06:30:00Z"), Next("30 1 * * *", "2024-11-03T06:30:00Z", "America/New_York"));
    }
}
