using MevAnalytics.Data.Schema;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Running;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Integration.Tests.Sources;

/// <summary>
/// A bad mapping fails at start (every job session migrates and checks it) with the source, the role, the expression,
/// ClickHouse's reason and the configuration key to change; removing a mapping removes its views.
/// </summary>
[Collection(SourcesCollection.Name)]
public sealed class SourceValidationTests(SourcesFixture fx)
{
    private static Dictionary<string, string> With(string role, string? expression)
    {
        var columns = SourcesFixture.FullSends.ToDictionary(c => c.Key, c => c.Value);
        if (expression is null) columns.Remove(role);
        else columns[role] = expression;
        return columns;
    }

    private async Task<ArgumentException> StartFailsAsync(IConfiguration configuration)
    {
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
        {
            await using var session = await JobSession.OpenAsync(configuration);
        });
        return e;
    }

    [Fact]
    public async Task Expression_that_does_not_compile_names_source_role_expression_reason_and_key()
    {
        var e = await StartFailsAsync(fx.Configuration("val_compile", fx.NewRoot("v"), "searcher.sends",
            With("Score", "predicted_typo * 2")));
        Assert.Contains("source Landing, role Score", e.Message);
        Assert.Contains("`predicted_typo * 2`", e.Message);
        Assert.Contains("searcher.sends", e.Message);
        Assert.Contains("UNKNOWN_IDENTIFIER", e.Message); // ClickHouse's own reason
        Assert.Contains("change Sources:Landing:Columns:Score", e.Message);
    }

    [Fact]
    public async Task Expression_of_an_unusable_type_is_refused_with_the_type_named()
    {
        var e = await StartFailsAsync(fx.Configuration("val_type", fx.NewRoot("v"), "searcher.sends",
            With("Landed", "toString(outcome)")));
        Assert.Contains("role Landed", e.Message);
        Assert.Contains("type String is not usable", e.Message);
        Assert.Contains("Sources:Landing:Columns:Landed", e.Message);

        var nullable = await StartFailsAsync(fx.Configuration("val_null", fx.NewRoot("v"), "searcher.sends",
            With("Payoff", "land_ms")));
        Assert.Contains("Nullable", nullable.Message);
        Assert.Contains("Sources:Landing:Columns:Payoff", nullable.Message);
    }

    [Theory]
    [InlineData("(SELECT count() FROM system.users) + predicted", "reads another table")]
    [InlineData("predicted IN (SELECT 1)", "reads another table")]
    [InlineData("predicted FROM system.users --", "reads another table")]
    [InlineData("dictGet('d', 'a', toUInt64(1)) + predicted", "calls dictGet()")]
    [InlineData("predicted + (SELECT count() FROM remote('127.0.0.1:1', system.one))", "reads another table")]
    [InlineData("predicted + length(hostName())", "calls hostName()")]
    public async Task Expression_reading_outside_the_row_is_refused_by_clickhouses_parser(string expression,
        string reason)
    {
        var e = await StartFailsAsync(fx.Configuration("val_outside", fx.NewRoot("v"), "searcher.sends",
            With("Score", expression)));
        Assert.Contains("source Landing, role Score", e.Message);
        Assert.Contains(reason, e.Message);
        Assert.Contains("change Sources:Landing:Columns:Score", e.Message);
    }

    [Fact]
    public async Task Aggregate_expression_is_refused_as_not_one_value_per_row()
    {
        var e = await StartFailsAsync(fx.Configuration("val_aggregate", fx.NewRoot("v"), "searcher.sends",
            With("Score", "avg(predicted)")));
        Assert.Contains("source Landing", e.Message);
        Assert.Contains("Sources:Landing:Columns", e.Message);
        Assert.Contains("one value per row", e.Message);
        Assert.Contains("is not under aggregate function", e.Message); // ClickHouse's reason
    }

    [Fact]
    public async Task Missing_table_and_missing_required_role_name_their_keys()
    {
        var table = await StartFailsAsync(fx.Configuration("val_table", fx.NewRoot("v"), "searcher.nosuch",
            SourcesFixture.FullSends));
        Assert.Contains("searcher.nosuch does not exist", table.Message);
        Assert.Contains("Sources:Landing:Table", table.Message);

        // Ts and Landed every landing job reads; the others only some jobs need (they end unavailable instead).
        var role = await StartFailsAsync(fx.Configuration("val_role", fx.NewRoot("v"), "searcher.sends",
            With("Landed", null)));
        Assert.Contains("Sources:Landing:Columns:Landed", role.Message);
        Assert.Contains("required", role.Message);
    }

    [Fact]
    public void Role_keys_are_matched_in_snake_case_and_tip_arm_buckets_are_checked()
    {
        var snake = new SourcesOptions
        {
            Landing =
            {
                Table = "t",
                Columns = { ["ts"] = "a", ["landed"] = "b", ["ev_est"] = "c", ["TIP_LAMPORTS"] = "d" },
            },
        };
        snake.Validate();
        Assert.Equal("c", snake.Landing.Expression("EvEst"));
        Assert.Equal("d", snake.Landing.Expression("TipLamports"));
        snake.Landing.TipArmBuckets = [100, 1000];
        Assert.Equal("arrayCount(b -> toUInt64(d) >= b, [100, 1000])", snake.Landing.Expression("TipArm"));

        string Refusal(Action<SourceOptions> change)
        {
            var o = new SourcesOptions { Landing = { Table = "t", Columns = { ["Ts"] = "a", ["Landed"] = "b" } } };
            change(o.Landing);
            return Assert.Throws<ArgumentException>(o.Validate).Message;
        }
        Assert.Contains("Sources:Landing:Columns:EvEst and Sources:Landing:Columns:ev_est both map role EvEst",
            Refusal(l => { l.Columns["EvEst"] = "x"; l.Columns["ev_est"] = "y"; }));
        Assert.Contains("TipLamports, which is not mapped", Refusal(l => l.TipArmBuckets = [10]));
        Assert.Contains("must ascend strictly: bound 1 (10) is not above bound 0 (10)",
            Refusal(l => { l.Columns["TipLamports"] = "x"; l.TipArmBuckets = [10, 10]; }));
        Assert.Contains("not both", Refusal(l =>
        {
            l.Columns["TipLamports"] = "x";
            l.Columns["tip_arm"] = "y";
            l.TipArmBuckets = [10];
        }));
    }

    [Theory]
    [InlineData("mev.t; DROP TABLE x", "is not a table name")]
    [InlineData("a.b.c", "is not a table name")]
    public void Table_name_that_is_not_an_identifier_is_refused(string table, string expected)
    {
        var options = new SourcesOptions { Landing = { Table = table } };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Sources:Landing:Table", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Columns_without_a_table_and_unknown_roles_are_refused()
    {
        var orphan = new SourcesOptions { Landing = { Columns = { ["Score"] = "x" } } };
        Assert.Contains("Sources:Landing:Table is not", Assert.Throws<ArgumentException>(orphan.Validate).Message);
        var unknown = new SourcesOptions { Latency = { Table = "t", Columns = { ["Rtt"] = "x" } } };
        var e = Assert.Throws<ArgumentException>(unknown.Validate);
        Assert.Contains("Sources:Latency:Columns:Rtt is not a role", e.Message);
        Assert.Contains("RttMs", e.Message);
        Assert.Equal(("my db", "t"), TableIdentifier.Parse("`my db`.t"));
    }

    [Fact]
    public async Task Mapped_source_on_a_cluster_layout_is_refused()
    {
        var sources = new SourcesOptions { Landing = { Table = "searcher.sends" } };
        foreach (var (role, expression) in SourcesFixture.FullSends) sources.Landing.Columns[role] = expression;
        var e = await Assert.ThrowsAsync<ArgumentException>(() => SourceSetup.ApplyAsync(fx.Server,
            new SchemaLayout("val_cluster", "mev"), sources, null, CancellationToken.None));
        Assert.Contains("single node only", e.Message);
        Assert.Contains("cluster mev", e.Message);
    }

    [Fact]
    public async Task Removing_the_mapping_drops_its_views_and_the_jobs_read_our_own_table_again()
    {
        async Task<List<string>> ViewsAsync() => await fx.Server.QueryAsync(
            "SELECT name FROM system.tables WHERE database = 'val_drop' AND name LIKE '%source%' ORDER BY name", null,
            r => r.GetString(0));
        await using (var _ = await JobSession.OpenAsync(
                         fx.Configuration("val_drop", fx.NewRoot("v"), "searcher.sends", SourcesFixture.FullSends)))
        {
        }
        Assert.Equal(
            ["landing_source", "rollup_arm_5m_source_mv", "rollup_calibration_1d_source_mv", "rollup_ope_5m_source_mv"],
            await ViewsAsync());
        var unmapped = fx.Configuration("val_drop", fx.NewRoot("v"), null, null);
        await using (var session = await JobSession.OpenAsync(unmapped))
            Assert.Equal("landing_events", session.Store.Sources.Relation(SourceKind.Landing));
        Assert.Empty(await ViewsAsync());
    }
}
