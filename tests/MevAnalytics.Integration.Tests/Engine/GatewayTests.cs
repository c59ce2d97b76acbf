using System.Net;
using System.Net.Sockets;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Integration.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class GatewayTests(EngineFixture engine)
{
    [Fact]
    public async Task A_dead_port_fails_after_the_retry_budget_with_a_clear_message_and_no_password()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var options = new ClickHouseOptions
        {
            MaxAttempts = 3,
            BaseDelay = TimeSpan.FromMilliseconds(20),
            MaxDelay = TimeSpan.FromMilliseconds(50),
        };
        using var db = new ClickHouseGateway($"Host=127.0.0.1;Port={port};Username=jobs;Password=hunter2-secret",
            options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClickHouseUnavailableException>(() => db.ScalarAsync<int>("SELECT 1"));
        Assert.Contains("failed 3 times", e.Message);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.DoesNotContain("hunter2", e.ToString());
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(2 * 20 * 0.75), "retries must wait between attempts");
    }

    [Fact]
    public async Task Parameters_are_values_never_sql()
    {
        var hostile = "x'); DROP TABLE landing_events; --";
        var echoed = await engine.Db.ScalarAsync<string>("SELECT {s:String}", new QueryParameters().Add("s", hostile));
        Assert.Equal(hostile, echoed);
        Assert.Equal(1, await engine.Db.ScalarAsync<int>(
            "SELECT count() FROM system.tables WHERE database = 'mev' AND name = 'landing_events'"));
    }

    [Fact]
    public async Task A_bad_query_is_not_retried_and_surfaces_the_server_error()
    {
        var options = new ClickHouseOptions { MaxAttempts = 5 };
        using var db = new ClickHouseGateway(engine.Engine.ConnectionString(), options);
        var e = await Assert.ThrowsAnyAsync<Exception>(
            () => db.ScalarAsync<int>("SELECT no_such_column FROM mev.landing_events"));
        Assert.IsNotType<ClickHouseUnavailableException>(e);
        Assert.Contains("no_such_column", e.Message);
    }
}
