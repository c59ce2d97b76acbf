using System.Text.Json;
using MevAnalytics.Integration.Tests.Bandit;
using MevAnalytics.Jobs.Phase;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Integration.Tests.Phase;

/// <summary>The <c>phase</c> job's recovered cut-offs against the simulator's <c>LeaderTruth</c>.</summary>
[Collection(BanditEngineCollection.Name)]
public sealed class PhaseGroundTruthTests(BanditHistoryFixture fixture)
{
    /// <summary>Stated tolerance for leaders with their own fit (>= MinSamples sends, no mid-history change).</summary>
    private const double CutoffToleranceMs = 8;

    [Fact]
    public async Task Recovered_cutoffs_are_within_8ms_of_the_truth_and_small_leaders_fall_back_to_the_global_profile()
    {
        var errors = new List<double>();
        for (var s = 0; s < BanditHistoryFixture.Seeds.Length; s++)
        {
            var truth = fixture.Histories[s].Truth;
            await using var session = await fixture.SessionAsync(new Dictionary<string, string?>
            {
                ["Phase:Window"] = "12:00:00",
                ["Phase:Model:MinSamples"] = "2000",
            });
            var outcome = await JobRunner.RunAsync(new PhaseJob(), session.Context("test", utcNow: truth.End), default);
            Assert.True(outcome.Status == JobStatus.Published, outcome.Summary);
            var lut = LutRows.Phases(outcome.Outputs[0]);
            Assert.Contains(lut, p => p.Leader == "*");

            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(outcome.Outputs[1]));
            var leaders = doc.RootElement.GetProperty("summary").GetProperty("leaders").EnumerateArray().ToList();
            foreach (var l in leaders)
            {
                var id = l.GetProperty("leader").GetString()!;
                var own = !l.GetProperty("cutoffIsFallback").GetBoolean();
                Assert.Equal(own, lut.Any(p => p.Leader == id)); // fallback leaders have no row: lookup goes to "*"
                Assert.Equal(own, l.GetProperty("samples").GetInt64() >= 2000);
                var t = truth.Leaders.Single(x => x.Id == id);
                if (!own || t.ChangeAt is { } at && at > truth.Start && at < truth.End) continue;
                var error = Math.Abs(l.GetProperty("cutoffMs").GetDouble() - t.CutoffMs);
                errors.Add(error);
                Assert.True(error <= CutoffToleranceMs, $"seed {truth.Seed} leader {id}: " +
                    $"fitted {l.GetProperty("cutoffMs").GetDouble():F1} vs true {t.CutoffMs:F1} ms");
            }
            using var file = LutFile.Open(outcome.Outputs[0]);
            Assert.Equal("*", file.Phase("no-such-leader").Leader);
        }
        Assert.True(errors.Count >= 30, $"only {errors.Count} leaders compared");
        Console.WriteLine(
            $"phase: {errors.Count} leaders, mean cut-off error {errors.Average():F2} ms, max {errors.Max():F2} ms");
    }
}
