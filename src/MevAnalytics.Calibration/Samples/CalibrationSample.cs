using System.Runtime.CompilerServices;
namespace MevAnalytics.Calibration.Samples;

/// <summary>
/// The rows one target is fitted and evaluated on, columnar: exact rows (N = 1, Y = label) or push-down buckets
/// (N = rows in the bucket, Y = weighted mean of the label, W = summed decay weight). Whatever the source (ClickHouse,
/// a CSV/Parquet file, a snapshot), the fit sees exactly these arrays, which is what makes a snapshot reproduce the
/// LUT.
/// </summary>
public sealed class CalibrationSample
{
    /// <summary>LUT key prefix of EV segments ("ev:*", "ev:route", "ev:route/arm").</summary>
    public const string EvKeyPrefix = "ev:";

    /// <summary>Creates a sample of <paramref name="capacity"/> rows (filled by the reader, then trimmed by
    /// <see cref="Count"/>).</summary>
    public CalibrationSample(CalibrationTarget target, int capacity, IReadOnlyList<string> routeNames,
        IReadOnlyList<string> armNames)
    {
        Target = target;
        X = new double[capacity];
        Y = new double[capacity];
        W = new double[capacity];
        N = new double[capacity];
        Route = new int[capacity];
        Arm = new int[capacity];
        Holdout = new bool[capacity];
        RouteNames = routeNames;
        ArmNames = armNames;
    }

    /// <summary>What is calibrated.</summary>
    public CalibrationTarget Target { get; }

    /// <summary>Rows filled.</summary>
    public int Count { get; set; }

    /// <summary>Scores (bucket x for push-down).</summary>
    public double[] X { get; }

    /// <summary>Targets (bucket means for push-down).</summary>
    public double[] Y { get; }

    /// <summary>Fit weights (decayed; bucket sums for push-down).</summary>
    public double[] W { get; }

    /// <summary>Samples per row (1 for exact rows): the holdout weight and the MinSamples count.</summary>
    public double[] N { get; }

    /// <summary>Route code per row.</summary>
    public int[] Route { get; }

    /// <summary>Tip arm code per row.</summary>
    public int[] Arm { get; }

    /// <summary>True for holdout rows (evaluation only).</summary>
    public bool[] Holdout { get; }

    /// <summary>Route names by code.</summary>
    public IReadOnlyList<string> RouteNames { get; }

    /// <summary>Arm names by code.</summary>
    public IReadOnlyList<string> ArmNames { get; }

    /// <summary>Appends a row.</summary>
    public void Add(double x, double y, double w, double n, int route, int arm, bool holdout)
    {
        int i = Count++;
        X[i] = x; Y[i] = y; W[i] = w; N[i] = n; Route[i] = route; Arm[i] = arm; Holdout[i] = holdout;
    }

    /// <summary>The training or holdout rows as a compact copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public CalibrationSample Part(bool holdout)
    {
        int n = 0;
        for (int i = 0; i < Count; i++) if (Holdout[i] == holdout) n++;
        var part = new CalibrationSample(Target, n, RouteNames, ArmNames);
        for (int i = 0; i < Count; i++)
            if (Holdout[i] == holdout) part.Add(X[i], Y[i], W[i], N[i], Route[i], Arm[i], holdout);
        return part;
    }

    /// <summary>Sum of <see cref="N"/> over rows.</summary>
    public double Samples()
    {
        double s = 0;
        for (int i = 0; i < Count; i++) s += N[i];
        return s;
    }
}
