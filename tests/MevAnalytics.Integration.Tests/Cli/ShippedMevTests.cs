using System.Text.Json;
using System.Text.RegularExpressions;

namespace MevAnalytics.Integration.Tests.Cli;

/// <summary>What ships in <c>mev</c>: no benchmark peers (ML.NET) in its dependency closure, and no drill switch
/// (crash or disk-full environment variables) read anywhere in src/ or jobs/.</summary>
public sealed partial class ShippedMevTests
{
    [Fact]
    public void The_shipped_cli_does_not_carry_mlnet()
    {
        // mev.deps.json is the CLI's own dependency closure, as `dotnet publish` copies it.
        var deps = Path.Combine(AppContext.BaseDirectory, "mev.deps.json");
        using var json = JsonDocument.Parse(File.ReadAllText(deps));
        var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(libraries, l => l.StartsWith("MevAnalytics.Jobs/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("Microsoft.ML", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_drill_switch_is_read_by_production_code()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "MevAnalytics.sln"))) root = root.Parent!;
        var hits = new[] { "src", "jobs" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root.FullName, d), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
                        && !f.Contains("/target/", StringComparison.Ordinal))
            .Where(f => DrillSwitch().IsMatch(File.ReadAllText(f)))
            .ToList();
        Assert.Empty(hits);
    }

    [GeneratedRegex("MEV_CRASH|MEV_DISK_FULL")]
    private static partial Regex DrillSwitch();
}
