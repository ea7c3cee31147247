namespace MiniApiServer.Application.Cron;

/// <summary>The range of one cron field and its names (robfig/cron v3 spec.go bounds).</summary>
internal sealed record CronBounds(uint Min, uint Max, IReadOnlyDictionary<string, uint>? Names = null)
{
    /// <summary>Set when a field was written as "*" or "?": day-of-month and day-of-week then must both match.</summary>
    public const ulong StarBit = 1UL << 63;

    public static readonly CronBounds Seconds = new(0, 59);
    public static readonly CronBounds Minutes = new(0, 59);
    public static readonly CronBounds Hours = new(0, 23);
    public static readonly CronBounds DayOfMonth = new(1, 31);

    public static readonly CronBounds Months = new(1, 12, new Dictionary<string, uint>
    {
        ["jan"] = 1, ["feb"] = 2, ["mar"] = 3, ["apr"] = 4, ["may"] = 5, ["jun"] = 6,
        ["jul"] = 7, ["aug"] = 8, ["sep"] = 9, ["oct"] = 10, ["nov"] = 11, ["dec"] = 12,
    });

    public static readonly CronBounds DayOfWeek = new(0, 6, new Dictionary<string, uint>
    {
        ["sun"] = 0, ["mon"] = 1, ["tue"] = 2, ["wed"] = 3, ["thu"] = 4, ["fri"] = 5, ["sat"] = 6,
    });

    /// <summary>Every value of the range, marked as a star.</summary>
    public ulong All => Bits(Min, Max, 1) | StarBit;

    public ulong First => 1UL << (int)Min;

    public static ulong Bits(uint start, uint end, uint step)
    {
        if (step == 1)
        {
            return ~(ulong.MaxValue << (int)(end + 1)) & (ulong.MaxValue << (int)start);
        }
        var bits = 0UL;
        for (var i = start; i <= end; i += step)
        {
            bits |= 1UL << (int)i;
        }
        return bits;
    }
}
