using System.Globalization;
using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Integration.Tests.Calibration;

/// <summary>
/// The input rules are defined once: each rule's ClickHouse expression (used by the push-down queries) must accept
/// exactly the values its C# predicate (used by the exact, file and snapshot readers) accepts, edge values included.
/// </summary>
[Collection(CalibrationCollection.Name)]
public sealed class InputRuleSqlTests(CalibrationFixture fx)
{
    private const string EdgeValues =
        "[nan, inf, -inf, 0., -0., 1., 1.0000000000000002, -4.9e-324, 4.9e-324, 0.5, 2., -1., 1e300, -1e300, " +
        "0.9999999999999999]";

    public static TheoryData<string> Rules => new()
    {
        nameof(CalibrationInputRules.Score), nameof(CalibrationInputRules.Label),
        nameof(CalibrationInputRules.EvEstimate), nameof(CalibrationInputRules.Payoff),
        nameof(CalibrationInputRules.Weight), nameof(CalibrationInputRules.Time),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task The_sql_of_a_rule_accepts_exactly_what_its_predicate_accepts(string name)
    {
        var rule = (InputRule)typeof(CalibrationInputRules).GetField(name)!.GetValue(null)!;
        var rows = await fx.Store.Db.QueryAsync(
            $"SELECT x, toUInt8({rule.Sql("x")}) FROM (SELECT arrayJoin({EdgeValues}) AS x)", null,
            r => (X: r.GetDouble(0), Sql: Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture) == 1));
        Assert.Equal(15, rows.Count);
        foreach (var (x, sql) in rows)
            Assert.True(sql == rule.Accepts(x), $"{name}: SQL says {sql}, C# says {rule.Accepts(x)} for {x:R}");
        Assert.Contains(rows, r => r.Sql); // each rule accepts something and
        Assert.Contains(rows, r => !r.Sql); // rejects something among the edge values
    }
}
