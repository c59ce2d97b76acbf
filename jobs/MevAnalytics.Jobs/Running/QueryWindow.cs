namespace MevAnalytics.Jobs.Running;

/// <summary>The half-open time range [From, To) a job reads, relative to the run's clock.</summary>
public readonly record struct QueryWindow(DateTime From, DateTime To)
{
    /// <summary>The <paramref name="length"/> ending at <paramref name="utcNow"/>.</summary>
    public static QueryWindow Ending(DateTime utcNow, TimeSpan length)
    {
        var to = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);
        if (length <= TimeSpan.Zero || length > to - DateTime.UnixEpoch)
            throw new ArgumentException(
                $"a window of {length.TotalDays:0.###} days ending {to:u} is not a usable window: " +
                "it must be positive and start after 1970-01-01.");
        return new QueryWindow(to - length, to);
    }

    /// <summary>Start as Unix milliseconds (for <c>{from:Int64}</c> parameters).</summary>
    public long FromUnixMs => UnixMs(From);

    /// <summary>End as Unix milliseconds.</summary>
    public long ToUnixMs => UnixMs(To);

    /// <summary>UTC time as Unix milliseconds.</summary>
    public static long UnixMs(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
