using MevAnalytics.Data.Configuration;
using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Tests.Support;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>Options bound and validated one way (<see cref="SectionOptions"/>): the host refuses to start on a bad
/// value of any section, naming the key and the value, before it starts an engine.</summary>
[Collection(HostCollection.Name)]
public sealed class OptionsStartTests(HostEnvironment env)
{
    [Fact]
    public async Task The_host_refuses_to_start_naming_every_bad_key_and_value_before_starting_an_engine()
    {
        var settings = env.Settings("bad-options");
        settings["Bandit:OpeSlice"] = "30.00:00:00"; // longer than Bandit:Window (7 days)
        settings["Host:WorkerCount"] = "0";
        settings["EmbeddedEngine:DataDirectory"] = Path.Combine(env.Root, "bad-options", "must-not-exist");

        var e = await Assert.ThrowsAsync<ArgumentException>(
            () => MevHost.CreateAsync(HostEnvironment.Configuration(settings)));

        Assert.Contains("Bandit:OpeSlice", e.Message);
        Assert.Contains("30.00:00:00", e.Message);
        Assert.Contains("Host:WorkerCount", e.Message);
        Assert.False(Directory.Exists(settings["EmbeddedEngine:DataDirectory"]));
    }

    [Fact]
    public void A_value_the_binder_cannot_convert_is_named_with_its_key()
    {
        var configuration = MevConfiguration.Build([new("Bandit:Window", "soon")]);
        var e = Assert.Throws<ArgumentException>(() => JobSettings.Bind(configuration));
        Assert.Contains("Bandit:Window", e.Message);
        Assert.Contains("soon", e.Message);
    }

    [Fact]
    public void Valid_sections_bind_with_their_documented_defaults_and_overrides()
    {
        var configuration = MevConfiguration.Build([new("Bandit:OpeSlice", "02:00:00"), new("Host:WorkerCount", "3")]);
        var bandit = JobSettings.Bind(configuration).Bandit;
        Assert.Equal(TimeSpan.FromHours(2), bandit.OpeSlice);
        Assert.Equal(new BanditJobOptions().Window, bandit.Window);
        using var provider = SectionOptions.Add<JobHostOptions>(new ServiceCollection(), configuration)
            .BuildServiceProvider();
        Assert.Equal(3, SectionOptions.Resolve<JobHostOptions>(provider).WorkerCount);
    }
}
