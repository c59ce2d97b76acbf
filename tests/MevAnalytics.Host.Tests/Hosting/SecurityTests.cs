using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MevAnalytics.Host.Tests.Support;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>Binding policy, basic auth on the dashboard, read-only mode, secrets kept out of logs, and a stale LUT
/// in /healthz.</summary>
[Collection(HostCollection.Name)]
public sealed class SecurityTests(HostEnvironment env)
{
    private const string User = "ops";
    private const string Password = "correct-horse-battery-staple";

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:5080")]
    [InlineData("http://127.0.0.1:0;http://10.1.2.3:5080")]
    public async Task Non_loopback_binding_without_credentials_refuses_to_start(string urls)
    {
        var settings = env.Settings("refuse");
        settings["Host:Urls"] = urls;
        // Would start an engine of its own if the policy did not stop it first.
        settings["EmbeddedEngine:DataDirectory"] = Path.Combine(env.Root, "refuse", "must-not-exist");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => MevHost.CreateAsync(HostEnvironment.Configuration(settings)));

        Assert.Contains("Dashboard:Username", e.Message);
        Assert.Contains("not a loopback address", e.Message);
        Assert.False(Directory.Exists(settings["EmbeddedEngine:DataDirectory"]));
    }

    [Theory]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:0")] // MEV_Kestrel__Endpoints__Http__Url
    [InlineData("Kestrel:Endpoints:Other:Url", "http://[::]:0")]
    [InlineData("urls", "http://*:0")]
    public async Task Addresses_set_any_other_way_meet_the_same_rule(string key, string value)
    {
        var settings = env.Settings("refuse-" + key.Replace(':', '-'));
        settings[key] = value;
        settings["EmbeddedEngine:DataDirectory"] = Path.Combine(env.Root, "refuse2", "must-not-exist");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => MevHost.CreateAsync(HostEnvironment.Configuration(settings)));
        Assert.Contains(value, e.Message);
        Assert.Contains("not a loopback address", e.Message);
        Assert.False(Directory.Exists(settings["EmbeddedEngine:DataDirectory"]));
    }

    [Fact]
    public async Task
        Dashboard_needs_the_configured_credentials_hides_buttons_when_read_only_and_never_logs_the_password()
    {
        var settings = env.Settings("secured", ("lut", "*/5 * * * *"));
        settings["Host:Urls"] = "http://0.0.0.0:0"; // allowed: credentials are configured
        settings["Dashboard:Username"] = User;
        settings["Dashboard:Password"] = Password;
        settings["Dashboard:ReadOnly"] = "true";
        // A table the lut job published two hours ago: 3 x 5 minutes allowed, so /healthz must say stale.
        TestLut.PublishDirect(env.ArtifactRoot("secured"), "old_latency", "lut", DateTime.UtcNow.AddHours(-2));
        var logs = new LogCapture();
        await using var host = await env.StartHostAsync(settings, logs.Attach,
            ScriptedJob.Returning("lut", JobStatus.Published));
        using var http = HostEnvironment.Client(host);

        using var anonymous = await http.GetAsync("/hangfire");
        using var wrong = await SendAsync(http, "/hangfire", User, "wrong-password-123");
        using var wrongUser = await SendAsync(http, "/hangfire", "root", Password);
        using var right = await SendAsync(http, "/hangfire/recurring", User, Password);
        var page = await right.Content.ReadAsStringAsync();
        using var reportsAnonymous = await http.GetAsync("/reports");
        using var latestAnonymous = await http.GetAsync("/reports/latest");
        using var reportsWrong = await SendAsync(http, "/reports", User, "wrong-password-123");
        using var reportsRight = await SendAsync(http, "/reports", User, Password);
        using var health = await http.GetAsync("/healthz");
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        await host.StopAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("lut", page);
        Assert.DoesNotContain("Trigger now", page); // read-only mode
        // The reports pages take the dashboard's rule.
        Assert.Equal(HttpStatusCode.Unauthorized, reportsAnonymous.StatusCode);
        Assert.Equal("Basic", reportsAnonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, latestAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reportsWrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reportsRight.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var lut = report.GetProperty("luts").EnumerateArray().Single();
        Assert.True(lut.GetProperty("stale").GetBoolean());
        Assert.True(report.GetProperty("clickHouse").GetProperty("ok").GetBoolean());
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Password, StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string user, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http.SendAsync(request);
    }
}
