namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// Rows cut into parts several times the thread count, handed out as threads come free: on a busy machine a
/// descheduled worker then delays the others by one small part, not by half the work. Small inputs are one part.
/// </summary>
internal sealed class ParallelParts
{
    private const int ParallelThreshold = 1 << 17;
    private const int PartsPerThread = 4;
    private readonly int[] _bounds;

    public ParallelParts(int rows)
    {
        Count = rows >= ParallelThreshold ? PartsPerThread * Threads : 1;
        _bounds = new int[Count + 1];
        for (int t = 0; t <= Count; t++) _bounds[t] = (int)((long)rows * t / Count);
    }

    /// <summary>Number of parts.</summary>
    public int Count { get; }

    /// <summary>First row of part <paramref name="part"/>; <c>Start(Count)</c> is the row count.</summary>
    public int Start(int part) => _bounds[part];

    private static int Threads => Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>Runs <paramref name="body"/> once per part index in [0, <paramref name="parts"/>).</summary>
    public static void Run(int parts, Action<int> body)
    {
        if (parts == 1) body(0);
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = Threads }, body);
    }
}
