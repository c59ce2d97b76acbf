using Cronos;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Host.Scheduling;

/// <summary>
/// Which jobs run when (section <c>Schedule</c>: job name to cron, 5 fields or 6 with seconds, UTC). When the section
/// is absent the defaults apply; when present, exactly the listed jobs are scheduled and an empty value unschedules
/// one.
/// </summary>
public sealed class JobSchedule
{
    public const string SectionName = "Schedule";

    /// <summary>Calibration hourly; bandit, latency and phase statistics every 5 minutes; the trend report daily at
    /// 06:00; artifact retention daily at 03:30.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        ["calibrate"] = "0 * * * *",
        ["bandit"] = "*/5 * * * *",
        ["latency"] = "*/5 * * * *",
        ["phase"] = "*/5 * * * *",
        ["report"] = "0 6 * * *",
        ["retention"] = "30 3 * * *",
    };

    private readonly Dictionary<string, (string Text, CronExpression Cron)> _entries;

    /// <summary>Validates every cron expression; a bad one fails with its key named.</summary>
    public JobSchedule(IReadOnlyDictionary<string, string> cronByJob)
    {
        _entries = new Dictionary<string, (string, CronExpression)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (job, text) in cronByJob)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            _entries[job] = (text.Trim(), Parse(job, text.Trim()));
        }
    }

    /// <summary>Job name to cron text, for the jobs that are scheduled.</summary>
    public IReadOnlyDictionary<string, string> Cron =>
        _entries.ToDictionary(e => e.Key, e => e.Value.Text, StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the <c>Schedule</c> section, or the defaults when it is absent.</summary>
    public static JobSchedule From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        if (!section.Exists()) return new JobSchedule(Defaults);
        return new JobSchedule(section.GetChildren()
            .ToDictionary(c => c.Key, c => c.Value ?? "", StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Time between two consecutive runs following <paramref name="utcNow"/>, or null when the job is not
    /// scheduled.</summary>
    public TimeSpan? Interval(string job, DateTime utcNow)
    {
        if (!_entries.TryGetValue(job, out var entry)) return null;
        var next = entry.Cron.GetNextOccurrence(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc));
        var after = next is { } n ? entry.Cron.GetNextOccurrence(n) : null;
        return next is { } a && after is { } b ? b - a : null;
    }

    private static CronExpression Parse(string job, string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
            throw new ArgumentException(
                $"{SectionName}:{job} '{text}' has {fields} fields; a cron expression has 5 (or 6 with seconds).");
        try
        {
            return CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException($"{SectionName}:{job} '{text}' is not a cron expression: {e.Message}", e);
        }
    }
}
