using System.Text.Json;
using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Tests.Support;
using MevAnalytics.Oracles.Python;

namespace MevAnalytics.Calibration.Tests.Isotonic;

/// <summary>Our fit against scikit-learn's IsotonicRegression outputs stored in tests/golden/isotonic.</summary>
public class GoldenIsotonicTests
{
    private const double Tolerance = 1e-9;

    public static IEnumerable<object[]> Cases() => GoldenFiles.IsotonicCaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_matches_sklearn(string name) =>
        AssertMatches(GoldenFiles.Load(GoldenFiles.IsotonicDir, name), FitMode.Unsorted);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_of_shuffled_rows_matches_sklearn(string name) =>
        AssertMatches(GoldenFiles.Load(GoldenFiles.IsotonicDir, name), FitMode.Shuffled);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_of_presorted_rows_matches_sklearn(string name) =>
        AssertMatches(GoldenFiles.Load(GoldenFiles.IsotonicDir, name), FitMode.PreSorted);

    [SklearnFact]
    public void Live_sklearn_run_of_the_golden_script_matches()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mev-iso-golden-" + Guid.NewGuid().ToString("N"));
        try
        {
            SklearnFactAttribute.Run(
                Path.Combine(GoldenFiles.RepoRoot, "scripts", "sklearn", "isotonic_golden.py"), dir);
            var names = Directory.GetFiles(dir, "*.json").Select(Path.GetFileNameWithoutExtension)
                .Where(n => !n!.StartsWith("metrics_", StringComparison.Ordinal)).ToArray();
            Assert.True(names.Length >= 30, $"script wrote only {names.Length} cases");
            foreach (var n in names) AssertMatches(GoldenFiles.Load(dir, n!), FitMode.Unsorted);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    internal enum FitMode { Unsorted, Shuffled, PreSorted }

    internal static void AssertMatches(JsonElement c, FitMode mode)
    {
        var name = c.GetProperty("name").GetString()!;
        var x = c.Doubles("x");
        var y = c.Doubles("y");
        var w = c.DoublesOrNull("w");
        var constraints = new IsotonicConstraints
        {
            Increasing = c.GetProperty("increasing").GetBoolean(),
            YMin = c.DoubleOrNull("y_min"),
            YMax = c.DoubleOrNull("y_max"),
        };
        if (mode == FitMode.Shuffled)
        {
            var perm = Enumerable.Range(0, x.Length).ToArray();
            new Random(12345).Shuffle(perm);
            x = perm.Select(i => x[i]).ToArray();
            y = perm.Select(i => y[i]).ToArray();
            w = w is null ? null : perm.Select(i => w[i]).ToArray();
        }
        if (mode == FitMode.PreSorted)
        {
            // Row order of numpy's lexsort((y, x)): by x, then y, then original row.
            var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ThenBy(i => y[i]).ThenBy(i => i).ToArray();
            x = order.Select(i => x[i]).ToArray();
            y = order.Select(i => y[i]).ToArray();
            w = w is null ? null : order.Select(i => w[i]).ToArray();
        }
        var model = IsotonicFit.Fit(x, y, w ?? default(ReadOnlySpan<double>), constraints);

        var ex = c.Doubles("X_thresholds");
        var ey = c.Doubles("y_thresholds");
        Assert.True(ex.Length == model.XThresholds.Length,
            $"{name}: {model.XThresholds.Length} knots, sklearn has {ex.Length}");
        AssertClose(name, "X_thresholds", ex, model.XThresholds);
        AssertClose(name, "y_thresholds", ey, model.YThresholds);
        AssertClose(name, "X_min", [c.GetProperty("X_min").GetDouble()], [model.XMin]);
        AssertClose(name, "X_max", [c.GetProperty("X_max").GetDouble()], [model.XMax]);

        var q = c.Doubles("queries");
        var got = new double[q.Length];
        model.Predict(q, got);
        AssertClose(name, "predictions", c.Doubles("predictions"), got);

        var expectedGrid = c.Doubles("grid");
        int gridSize = c.GetProperty("grid_size").GetInt32();
        var grid = Enumerable.Range(0, gridSize)
            .Select(i => (float)model.Predict(i == gridSize - 1 ? model.XMax
                : model.XMin + (model.XMax - model.XMin) * i / (gridSize - 1)))
            .ToArray();
        for (int i = 0; i < grid.Length; i++)
            Assert.True(
                (float)expectedGrid[i] == grid[i]
                    || Math.Abs(expectedGrid[i] - grid[i]) <= 1e-6 * Math.Max(1, Math.Abs(expectedGrid[i])),
                $"{name}: grid[{i}] = {grid[i]}, sklearn {expectedGrid[i]}");
    }

    private static void AssertClose(string name, string what, ReadOnlySpan<double> expected,
        ReadOnlySpan<double> actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = Tolerance * Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol,
                $"{name}: {what}[{i}] = {actual[i]:R}, sklearn {expected[i]:R} " +
                $"(|diff| {Math.Abs(expected[i] - actual[i]):E2} > {tol:E2})");
        }
    }
}
