using System.Net;
using System.Net.Sockets;
using MevAnalytics.Data.Engine;

namespace MevAnalytics.Integration.Tests.Engine;

public sealed class EmbeddedEngineTests
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "mev-eng-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Second_start_on_the_same_folder_attaches_and_only_the_owner_stops_the_engine()
    {
        var dir = TempDir();
        await using var first = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir });
        await using (var second = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir }))
        {
            Assert.True(first.Owned);
            Assert.False(second.Owned);
            Assert.Equal(first.Port, second.Port);
        }
        using var http = new HttpClient();
        Assert.Equal("1", (await http.GetStringAsync($"http://127.0.0.1:{first.Port}/?query=SELECT%201")).Trim());
    }

    [Fact]
    public async Task Stopping_the_owner_closes_the_port_and_releases_the_folder()
    {
        var dir = TempDir();
        var engine = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir });
        var port = engine.Port;
        await engine.DisposeAsync();
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
        // The folder is free again: a new engine starts on it (and owns it).
        await using var again = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir });
        Assert.True(again.Owned);
    }

    [Fact]
    public async Task A_configured_port_in_use_is_reported_as_such()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var e = await Assert.ThrowsAsync<EngineStartException>(() =>
            EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = TempDir(), HttpPort = port }));
        Assert.Equal(EngineFailure.PortInUse, e.Failure);
        Assert.Contains(port.ToString(), e.Message);
    }

    [Fact]
    public async Task A_folder_locked_by_a_foreign_engine_is_reported_as_locked()
    {
        var dir = TempDir();
        await using var owner = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir });
        File.Delete(Path.Combine(dir, "engine.json")); // now nothing tells a newcomer it could attach
        var e = await Assert.ThrowsAsync<EngineStartException>(() =>
            EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir }));
        Assert.Equal(EngineFailure.DataDirectoryLocked, e.Failure);
        Assert.Contains("lock", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Options_name_the_bad_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => new EmbeddedEngineOptions { HttpPort = 70000 }.Validate());
        Assert.Contains("EmbeddedEngine:HttpPort", e.Message);
    }
}
