namespace MevAnalytics.Simulation;

/// <summary>What history to simulate. Same options (seed and window included), same rows.</summary>
public sealed class SimulationOptions
{
    /// <summary>Days of history. Default 7.</summary>
    public double Days { get; set; } = 7;

    /// <summary>Mean sends per second (Poisson). Default 20.</summary>
    public double SendsPerSecond { get; set; } = 20;

    /// <summary>Seed of every random draw. Default 1.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>End of the history (UTC, exclusive). Default: the current hour, so jobs' recent windows find
    /// data.</summary>
    public DateTime? End { get; set; }

    /// <summary>Interval between latency probes per route endpoint. Default 5 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Number of slot leaders. Default 1500.</summary>
    public int Leaders { get; set; } = 1500;

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(Days > 0 && Days <= 366))
            throw new ArgumentOutOfRangeException(nameof(Days), Days, "--days must be in (0, 366].");
        if (!(SendsPerSecond > 0 && SendsPerSecond <= 100_000))
            throw new ArgumentOutOfRangeException(nameof(SendsPerSecond), SendsPerSecond,
                "--sends-per-second must be in (0, 100000].");
        if (ProbeInterval < TimeSpan.FromMilliseconds(10))
            throw new ArgumentOutOfRangeException(nameof(ProbeInterval), ProbeInterval,
                "--probe-interval must be at least 10 ms.");
        if (Leaders is < 1 or > 100_000)
            throw new ArgumentOutOfRangeException(nameof(Leaders), Leaders, "--leaders must be in 1..100000.");
        if (End is { Kind: DateTimeKind.Local }) throw new ArgumentException("--end must be UTC.", nameof(End));
    }

    /// <summary>The window [start, end) these options describe.</summary>
    public (DateTime Start, DateTime End) Window(DateTime utcNow)
    {
        var end = End ?? new DateTime(utcNow.Year, utcNow.Month, utcNow.Day, utcNow.Hour, 0, 0, DateTimeKind.Utc);
        end = DateTime.SpecifyKind(end, DateTimeKind.Utc);
        return (end - TimeSpan.FromDays(Days), end);
    }
}
