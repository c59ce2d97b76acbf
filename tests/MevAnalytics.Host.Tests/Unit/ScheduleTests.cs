using MevAnalytics.Host.Scheduling;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Host.Tests.Unit;

public sealed class ScheduleTests
{
    private static readonly DateTime Now = new(2026, 3, 14, 10, 7, 31, DateTimeKind.Utc);

    [Theory]
    [InlineData("*/5 * * * *", 300)]
    [InlineData("0 * * * *", 3600)]
    [InlineData("0 6 * * *", 86400)]
    [InlineData("30 3 * * *", 86400)]
    [InlineData("*/2 * * * * *", 2)]
    public void Interval_is_the_gap_between_two_occurrences(string cron, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds),
            new JobSchedule(new Dictionary<string, string> { ["job"] = cron }).Interval("job", Now));

    [Fact]
    public void Absent_section_means_the_defaults_present_section_means_exactly_its_entries()
    {
        var none = JobSchedule.From(new ConfigurationBuilder().Build());
        Assert.Equal(["bandit", "calibrate", "latency", "phase", "report", "retention"], none.Cron.Keys.Order());
        Assert.Equal("0 * * * *", none.Cron["calibrate"]);

        var some = JobSchedule.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Schedule:calibrate"] = "15 * * * *",
            ["Schedule:bandit"] = "", // unscheduled
        }).Build());
        Assert.Equal(["calibrate"], some.Cron.Keys);
        Assert.Null(some.Interval("bandit", Now));
    }

    [Theory]
    [InlineData("61 * * * *")]
    [InlineData("* * * *")]
    [InlineData("every hour")]
    public void Bad_cron_names_the_key(string cron)
    {
        var e = Assert.Throws<ArgumentException>(
            () => new JobSchedule(new Dictionary<string, string> { ["calibrate"] = cron }));
        Assert.Contains("Schedule:calibrate", e.Message);
        Assert.Contains(cron, e.Message);
    }

    [Fact]
    public void Plan_schedules_existing_configured_jobs_and_removes_the_rest()
    {
        var plan = SchedulePlan.Create(
            new Dictionary<string, string>
            {
                ["Calibrate"] = "0 * * * *",
                ["bandit"] = "*/5 * * * *",
                ["ghost"] = "* * * * *"
            },
            ["calibrate", "bandit", "latency"],
            ["calibrate", "old-job", "ghost"]);

        Assert.Equal(["bandit", "calibrate"], plan.Upserts.Select(u => u.Key)); // canonical job names
        Assert.Equal("0 * * * *", plan.Upserts.Single(u => u.Key == "calibrate").Value);
        Assert.Equal(["ghost", "old-job"], plan.Removals);
        Assert.Equal(["ghost"], plan.Unknown);
    }
}
