using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Host.Configuration;

/// <summary>The job host itself (section <c>Host</c>; environment <c>MEV_Host__Urls</c> etc.).</summary>
public sealed class JobHostOptions : ISectionOptions
{
    public const string SectionName = "Host";

    static string ISectionOptions.Section => SectionName;

    /// <summary>Addresses Kestrel listens on, separated by <c>;</c>. Default <c>http://127.0.0.1:5080</c> (loopback
    /// only: any other address requires dashboard credentials).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Hangfire workers; jobs of different names may run side by side. Default 2.</summary>
    public int WorkerCount { get; set; } = 2;

    /// <summary>Retries after a failed run before the job stays failed in the dashboard. Default 3.</summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles with each further retry. Default 30 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often delayed retries and recurring schedules are checked. Default 5 s.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stop request waits for running jobs (whose token is cancelled) to end.
    /// Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws with the name of the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Urls)) throw new ArgumentException($"{SectionName}:Urls must be set.");
        if (WorkerCount is < 1 or > 64)
            throw new ArgumentException($"{SectionName}:WorkerCount {WorkerCount} is outside 1..64.");
        if (RetryAttempts is < 0 or > 20)
            throw new ArgumentException($"{SectionName}:RetryAttempts {RetryAttempts} is outside 0..20.");
        if (RetryBaseDelay < TimeSpan.FromSeconds(1) || RetryBaseDelay > TimeSpan.FromHours(6))
            throw new ArgumentException($"{SectionName}:RetryBaseDelay {RetryBaseDelay} is outside 1 s..6 h.");
        if (SchedulePollingInterval < TimeSpan.FromMilliseconds(200)
            || SchedulePollingInterval > TimeSpan.FromMinutes(5))
            throw new ArgumentException(
                $"{SectionName}:SchedulePollingInterval {SchedulePollingInterval} is outside 200 ms..5 min.");
        if (ShutdownTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:ShutdownTimeout must be positive.");
    }

    /// <summary>The configured addresses, one per entry.</summary>
    public IReadOnlyList<string> UrlList() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
