using System.Net;
using System.Net.Sockets;
using MevAnalytics.Data.Engine;
using MevAnalytics.Host.Tests.Support;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>The host starts while ClickHouse is down and says so on /healthz (503) until ClickHouse answers
/// again.</summary>
public sealed class ClickHouseOutageTests : IAsyncLifetime
{
    private readonly HostEnvironment _env = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_host_starts_while_clickhouse_is_down_and_healthz_turns_green_once_it_answers()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var settings = _env.Settings("outage");
        settings["ClickHouse:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=default;Password=";
        settings["ClickHouse:MaxAttempts"] = "1";
        settings.Remove("EmbeddedEngine:DataDirectory");

        await using var host = await _env.StartHostAsync(settings);
        using var http = HostEnvironment.Client(host);
        using (var down = await http.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Contains("\"clickHouse\"", await down.Content.ReadAsStringAsync());
        }

        // ClickHouse comes back on the configured port.
        var engineDir = Path.Combine(_env.Root, "late-engine");
        await using var engine = await EmbeddedClickHouse.StartAsync(
            new EmbeddedEngineOptions { DataDirectory = engineDir, HttpPort = port });
        HttpStatusCode status = HttpStatusCode.ServiceUnavailable;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var response = await http.GetAsync("/healthz");
            status = response.StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(500);
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
