using System.Diagnostics;
using System.Text.RegularExpressions;
using MevAnalytics.Host.Metrics;
using MevAnalytics.Host.Tests.Support;

namespace MevAnalytics.Host.Tests.Unit;

/// <summary>The alerting rules shipped in docs/operations.md are valid for promtool and only use metrics /metrics
/// exports.</summary>
public sealed partial class AlertRulesTests
{
    public const string Promtool = "/usr/bin/promtool";

    [Fact]
    public async Task Documented_alert_rules_pass_promtool_and_name_exported_metrics()
    {
        Assert.True(File.Exists(Promtool),
            $"{Promtool} is missing: run scripts/prerequisites.sh (Debian package prometheus)");
        var doc = await File.ReadAllTextAsync(Path.Combine(Chromium.RepositoryRoot(), "docs", "operations.md"));
        var block = RulesBlock().Match(doc);
        Assert.True(block.Success, "docs/operations.md has no alert-rules block");
        var rules = Path.Combine(Directory.CreateTempSubdirectory("mev-rules-").FullName, "mev.rules.yml");
        await File.WriteAllTextAsync(rules, block.Groups[1].Value);

        var psi = new ProcessStartInfo(Promtool, ["check", "rules", rules])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true
        };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, "promtool check rules failed:\n" + output);
        Assert.Contains("SUCCESS: 7 rules found", output);

        // Every metric a rule uses is one /metrics exports (from a state holding every kind of value).
        var exported = await MetricsDocument.RenderAsync(new OperatorState(
            [new JobRunStats("calibrate", "gated", 1, 1, 0, 1, 1)],
            [new MevAnalytics.Host.Health.LutStatus("calibration", 1, "calibrate", DateTime.UnixEpoch, 1, 2, null)],
            ["calibrate"],
            [new MevAnalytics.Jobs.Reports.RouteTotals("r", 10, 5, 1, 1)],
            new MevAnalytics.Jobs.Reports.Views.LatencyView(1, default, default,
                [new MevAnalytics.Jobs.Reports.Views.RouteQuantiles("r", 1, 0, 1, 1, 1, 1, 1, false, "", 400, 0.02)]),
            new Dictionary<string, double> { ["holdout_ece_after"] = 0.01 }));
        foreach (Match m in MetricName().Matches(block.Groups[1].Value))
            Assert.Matches(new Regex("^" + m.Value + "[{ ]", RegexOptions.Multiline), exported);
    }

    [GeneratedRegex("<!-- alert-rules:begin -->\\s*```yaml\\n([\\s\\S]*?)```\\s*<!-- alert-rules:end -->")]
    private static partial Regex RulesBlock();

    [GeneratedRegex("mev_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
