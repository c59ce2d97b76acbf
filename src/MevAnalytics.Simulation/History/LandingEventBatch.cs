namespace MevAnalytics.Simulation.History;

/// <summary>Simulated sends, column by column (the layout the RowBinary encoder and Parquet writer want).</summary>
public sealed class LandingEventBatch(int capacity)
{
    public int Count;
    public long[] TsMs = new long[capacity];
    public ulong[] Slot = new ulong[capacity];
    public int[] Leader = new int[capacity];
    public byte[] Route = new byte[capacity];
    public byte[] Arm = new byte[capacity];
    public double[] PLandEst = new double[capacity];
    public double[] EvEstSol = new double[capacity];
    public double[] Propensity = new double[capacity];
    public float[] PhaseOffsetMs = new float[capacity];
    public byte[] Landed = new byte[capacity];
    public double[] PayoffSol = new double[capacity];
    /// <summary>NaN where the send did not land (NULL in ClickHouse).</summary>
    public float[] LandLatencyMs = new float[capacity];
    /// <summary>The true landing probability; ground truth for tests, not written to ClickHouse.</summary>
    public double[] PTrue = new double[capacity];

    internal void EnsureCapacity(int needed)
    {
        if (needed <= TsMs.Length) return;
        var n = Math.Max(needed, TsMs.Length * 2);
        Array.Resize(ref TsMs, n);
        Array.Resize(ref Slot, n);
        Array.Resize(ref Leader, n);
        Array.Resize(ref Route, n);
        Array.Resize(ref Arm, n);
        Array.Resize(ref PLandEst, n);
        Array.Resize(ref EvEstSol, n);
        Array.Resize(ref Propensity, n);
        Array.Resize(ref PhaseOffsetMs, n);
        Array.Resize(ref Landed, n);
        Array.Resize(ref PayoffSol, n);
        Array.Resize(ref LandLatencyMs, n);
        Array.Resize(ref PTrue, n);
    }
}
