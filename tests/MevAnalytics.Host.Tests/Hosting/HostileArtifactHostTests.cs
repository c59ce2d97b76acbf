using System.Diagnostics;
using System.Text.Json;
using MevAnalytics.Host.Tests.Support;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>
/// A table's <c>current</c> pointer planted by a local user (a link to /dev/zero, a link to a file holding a secret,
/// a FIFO, a huge file): the host's unauthenticated <c>/healthz</c> answers within 1 s, shows the table as unreadable
/// with the rule it broke, and never the planted content; <c>/metrics</c> and <c>/reports</c> answer too.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HostileArtifactHostTests(HostEnvironment env)
{
    private const string Marker = "planted-secret-51be07";

    [Theory]
    [InlineData("link-to-dev-zero")]
    [InlineData("link-to-secret")]
    [InlineData("fifo")]
    [InlineData("oversized")]
    public async Task A_planted_current_pointer_shows_as_unreadable_at_once(string plant)
    {
        var name = "hostile-" + plant;
        var pointer = Path.Combine(env.ArtifactRoot(name), "luts", "bandit", "current");
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        var secret = Path.Combine(env.Root, name, "secret.txt");
        await File.WriteAllTextAsync(secret, Marker);
        switch (plant)
        {
            case "link-to-dev-zero": File.CreateSymbolicLink(pointer, "/dev/zero"); break;
            case "link-to-secret": File.CreateSymbolicLink(pointer, secret); break;
            case "fifo":
                using (var mk = Process.Start("mkfifo", pointer)!) await mk.WaitForExitAsync();
                break;
            default: await File.WriteAllTextAsync(pointer, string.Concat(Enumerable.Repeat(Marker, 100_000))); break;
        }
        await using var host = await env.StartHostAsync(env.Settings(name));
        using var http = HostEnvironment.Client(host);
        http.Timeout = TimeSpan.FromSeconds(10);

        var clock = Stopwatch.StartNew();
        using var health = await http.GetAsync("/healthz");
        var elapsed = clock.Elapsed;
        var body = await health.Content.ReadAsStringAsync();
        using var metrics = await http.GetAsync("/metrics");
        var metricsBody = await metrics.Content.ReadAsStringAsync();
        using var reports = await http.GetAsync("/reports");
        var reportsBody = await reports.Content.ReadAsStringAsync();
        await host.StopAsync();

        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"/healthz took {elapsed.TotalMilliseconds:F0} ms");
        var bandit = JsonDocument.Parse(body).RootElement.GetProperty("luts").EnumerateArray()
            .Single(l => l.GetProperty("table").GetString() == "bandit");
        Assert.Contains(pointer, bandit.GetProperty("error").GetString());
        foreach (var text in new[] { body, metricsBody, reportsBody }) Assert.DoesNotContain(Marker, text);
        Assert.True(metrics.IsSuccessStatusCode, metricsBody);
        Assert.True(reports.IsSuccessStatusCode, reportsBody);
    }
}
