using System.Net;
using System.Net.Sockets;
using MevAnalytics.Data.Engine;

namespace MevAnalytics.Integration.Tests.Engine;

public sealed class EmbeddedEngineTests
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "mev-eng-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Second_start_on_the_same_folder_attaches_and_its_exit_leaves_the_engine_running()
    {
        var dir = TempDir();
        await using var first = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir });
        await using (var second = await EmbeddedClickHouse.StartAsync(
            new EmbeddedEngineOptions { DataDirectory = dir }))
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
    public async Task An_attached_user_keeps_the_engine_after_the_starter_exits_and_the_last_one_out_stops_it()
    {
        var dir = TempDir();
        var starter = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir });
        var attached = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir });
        await starter.DisposeAsync();
        using var http = new HttpClient();
        Assert.Equal("1", (await http.GetStringAsync($"http://127.0.0.1:{attached.Port}/?query=SELECT%201")).Trim());
        await attached.DisposeAsync();
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, attached.Port));
    }

    [Fact]
    public async Task The_engine_stops_by_itself_when_its_only_user_is_killed()
    {
        var dir = TempDir();
        using var user = Support.MevProcess.Start(new Dictionary<string, string>
        {
            ["MEV_EmbeddedEngine__DataDirectory"] = dir,
            ["MEV_Artifacts__Root"] = Path.Combine(dir, "artifacts"),
        }, "engine");
        var endpoint = Path.Combine(dir, "engine.json");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(endpoint) && clock.Elapsed < TimeSpan.FromSeconds(90)) await Task.Delay(100);
        Assert.True(File.Exists(endpoint), "mev engine did not start the engine");
        var port = System.Text.Json.JsonDocument.Parse(File.ReadAllText(endpoint)).RootElement
            .GetProperty("Port").GetInt32();
        user.Kill(); // SIGKILL: no clean-up code of the user runs
        await user.WaitForExitAsync();
        clock.Restart();
        while (File.Exists(endpoint) && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        Assert.False(File.Exists(endpoint), "the engine outlived its only user by more than 30 s");
        var closed = false;
        while (!closed && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var client = new TcpClient();
            try { await client.ConnectAsync(IPAddress.Loopback, port); await Task.Delay(100); }
            catch (SocketException) { closed = true; }
        }
        Assert.True(closed, $"port {port} still open 60 s after the engine's only user was killed");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_engine_user_cannot_reach_files_or_urls_and_its_files_are_private()
    {
        var dir = TempDir();
        await using var engine = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = dir });
        using var http = new HttpClient();
        var target = Path.Combine(dir, "evil.txt");
        using var body = new StringContent($"INSERT INTO FUNCTION file('{target}', 'TSV', 'a UInt8') SELECT 1");
        var response = await http.PostAsync($"http://127.0.0.1:{engine.Port}/", body);
        Assert.False(response.IsSuccessStatusCode);
        Assert.Contains("ACCESS_DENIED", await response.Content.ReadAsStringAsync());
        Assert.False(File.Exists(target));
        using var url = new StringContent(
            $"SELECT * FROM url('http://127.0.0.1:{engine.Port}/?query=SELECT+1', 'TSV')");
        Assert.Contains("ACCESS_DENIED",
            await (await http.PostAsync($"http://127.0.0.1:{engine.Port}/", url)).Content.ReadAsStringAsync());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(dir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Path.Combine(dir, "engine.json")));
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
