using System.Globalization;

namespace MiniApiServer.Application.Cron;

/// <summary>
/// robfig/cron v3 parser.go's ParseStandard, which upstream's CronJob validation and controller both use: five fields
/// (minute hour day-of-month month day-of-week) or a descriptor (@yearly, @annually, @monthly, @weekly, @daily,
/// @midnight, @hourly, @every &lt;duration&gt;), optionally after TZ= or CRON_TZ=. Errors carry robfig/cron's messages,
/// which the API server returns verbatim.
/// </summary>
public static class CronParser
{
    private static readonly CronBounds[] Fields = [CronBounds.Minutes, CronBounds.Hours, CronBounds.DayOfMonth, CronBounds.Months, CronBounds.DayOfWeek];

    /// <summary>Parses <paramref name="spec"/>; a schedule without TZ= runs in <paramref name="zone"/> (the controller's local zone upstream).</summary>
    public static CronSchedule Parse(string spec, TimeZoneInfo? zone = null)
    {
        if (spec.Length == 0)
        {
            throw new FormatException("empty spec string");
        }
        zone ??= TimeZoneInfo.Utc;
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var name = space < 0 ? spec[(eq + 1)..] : spec[(eq + 1)..space];
            zone = CronTimeZones.Find(name, out var error) ?? throw new FormatException($"provided bad location {name}: {error}");
            spec = space < 0 ? "" : spec[space..].Trim();
        }
        if (spec.StartsWith('@'))
        {
            return ParseDescriptor(spec, zone);
        }
        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != Fields.Length)
        {
            throw new FormatException($"expected exactly {Fields.Length} fields, found {fields.Length}: [{string.Join(' ', fields)}]");
        }
        var bits = new ulong[Fields.Length];
        for (var i = 0; i < Fields.Length; i++)
        {
            bits[i] = ParseField(fields[i], Fields[i]);
        }
        return new SpecSchedule(CronBounds.Seconds.First, bits[0], bits[1], bits[2], bits[3], bits[4], zone);
    }

    private static CronSchedule ParseDescriptor(string descriptor, TimeZoneInfo zone)
    {
        var (s, m, h, dom, mon, dow) = (CronBounds.Seconds, CronBounds.Minutes, CronBounds.Hours, CronBounds.DayOfMonth, CronBounds.Months, CronBounds.DayOfWeek);
        switch (descriptor)
        {
            case "@yearly" or "@annually":
                return new SpecSchedule(s.First, m.First, h.First, dom.First, mon.First, dow.All, zone);
            case "@monthly":
                return new SpecSchedule(s.First, m.First, h.First, dom.First, mon.All, dow.All, zone);
            case "@weekly":
                return new SpecSchedule(s.First, m.First, h.First, dom.All, mon.All, dow.First, zone);
            case "@daily" or "@midnight":
                return new SpecSchedule(s.First, m.First, h.First, dom.All, mon.All, dow.All, zone);
            case "@hourly":
                return new SpecSchedule(s.First, m.First, h.All, dom.All, mon.All, dow.All, zone);
        }
        const string every = "@every ";
        if (descriptor.StartsWith(every, StringComparison.Ordinal))
        {
            try
            {
                return new ConstantDelaySchedule(GoDuration.Parse(descriptor[every.Length..]));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"failed to parse duration {descriptor}: {ex.Message}");
            }
        }
        throw new FormatException($"unrecognized descriptor: {descriptor}");
    }

    /// <summary>getField: a comma-separated list of ranges.</summary>
    private static ulong ParseField(string field, CronBounds bounds)
    {
        var bits = 0UL;
        foreach (var expr in field.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            bits |= ParseRange(expr, bounds);
        }
        return bits;
    }

    /// <summary>getRange: "*", "?", a number or name, or low-high, each with an optional /step ("N/step" means N-max/step).</summary>
    private static ulong ParseRange(string expr, CronBounds bounds)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        var singleDigit = lowAndHigh.Length == 1;
        ulong start, end;
        var extra = 0UL;
        if (lowAndHigh[0] is "*" or "?")
        {
            (start, end, extra) = (bounds.Min, bounds.Max, CronBounds.StarBit);
        }
        else
        {
            start = ParseIntOrName(lowAndHigh[0], bounds.Names);
            end = lowAndHigh.Length switch
            {
                1 => start,
                2 => ParseIntOrName(lowAndHigh[1], bounds.Names),
                _ => throw new FormatException($"too many hyphens: {expr}"),
            };
        }
        ulong step;
        switch (rangeAndStep.Length)
        {
            case 1:
                step = 1;
                break;
            case 2:
                step = ParseInt(rangeAndStep[1]);
                if (singleDigit)
                {
                    end = bounds.Max;
                }
                if (step > 1)
                {
                    extra = 0;
                }
                break;
            default:
                throw new FormatException($"too many slashes: {expr}");
        }
        if (start < bounds.Min)
        {
            throw new FormatException($"beginning of range ({start}) below minimum ({bounds.Min}): {expr}");
        }
        if (end > bounds.Max)
        {
            throw new FormatException($"end of range ({end}) above maximum ({bounds.Max}): {expr}");
        }
        if (start > end)
        {
            throw new FormatException($"beginning of range ({start}) beyond end of range ({end}): {expr}");
        }
        if (step == 0)
        {
            throw new FormatException($"step of range should be a positive number: {expr}");
        }
        return CronBounds.Bits((uint)start, (uint)end, (uint)Math.Min(step, 64)) | extra;
    }

    private static ulong ParseIntOrName(string expr, IReadOnlyDictionary<string, uint>? names) =>
        names is not null && names.TryGetValue(expr.ToLowerInvariant(), out var named) ? named : ParseInt(expr);

    /// <summary>mustParseInt: strconv.Atoi's syntax (an optional sign, decimal digits), no negatives.</summary>
    private static ulong ParseInt(string expr)
    {
        var digits = expr.Length > 0 && expr[0] is '+' or '-' ? expr[1..] : expr;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new FormatException($"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": invalid syntax");
        }
        if (!long.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var num))
        {
            throw new FormatException($"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": value out of range");
        }
        if (num < 0)
        {
            throw new FormatException($"negative number ({num}) not allowed: {expr}");
        }
        return (ulong)num;
    }
}
