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

    /// <summary>
    /// Runs <paramref name="body"/> once per part index like <see cref="Run"/>, handing parts out in index order, and
    /// calls <paramref name="consume"/> on the calling thread for each part in index order as soon as its body is done:
    /// a sequential pass over the results overlaps the work still running. Waiting for the next part in order, the
    /// calling thread takes unclaimed parts itself, so it never idles while work remains.
    /// </summary>
    public static void RunInOrder(int parts, Action<int> body, Action<int> consume)
    {
        var done = new int[parts];
        int next = -1;
        void Claim(int part)
        {
            body(part);
            Volatile.Write(ref done[part], 1);
        }
        var helpers = new Task[Math.Min(Threads, parts) - 1];
        for (int h = 0; h < helpers.Length; h++)
            helpers[h] = Task.Run(() =>
            {
                for (int q; (q = Interlocked.Increment(ref next)) < parts;) Claim(q);
            });
        try
        {
            for (int p = 0; p < parts; p++)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref done[p]) == 0)
                {
                    int q = Interlocked.Increment(ref next);
                    if (q < parts) Claim(q);
                    // Every helper ended and the part is not done: one failed on it; its exception goes up.
                    else if (Array.TrueForAll(helpers, h => h.IsCompleted)) Task.WaitAll(helpers);
                    else spin.SpinOnce(sleep1Threshold: -1);
                }
                consume(p);
            }
        }
        finally
        {
            // Stop handing out parts (after a failure) and let the helpers finish theirs before the buffers go.
            Interlocked.Exchange(ref next, parts);
            Task.WaitAll(helpers);
        }
    }

    /// <summary>Runs <paramref name="body"/> once per part index in [0, <paramref name="parts"/>).</summary>
    public static void Run(int parts, Action<int> body)
    {
        if (parts == 1) body(0);
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = Threads }, body);
    }
}
