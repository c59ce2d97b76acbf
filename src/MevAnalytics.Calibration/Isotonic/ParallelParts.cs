using System.Runtime.ExceptionServices;

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
        // Per part: 0 handed out or waiting, 1 done, 2 failed (the first failure is kept for the caller to throw).
        var state = new int[parts];
        Exception? failure = null;
        int next = -1;
        void Claim(int part)
        {
            try
            {
                body(part);
                Volatile.Write(ref state[part], 1);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                Volatile.Write(ref state[part], 2);
                throw;
            }
        }
        // Helpers are never waited for as tasks: one the pool starts late finds no part left and touches nothing.
        for (int h = Math.Min(Threads, parts) - 1; h > 0; h--)
            _ = Task.Run(() =>
            {
                try
                {
                    for (int q; (q = Interlocked.Increment(ref next)) < parts;) Claim(q);
                }
                catch (Exception)
                {
                    // Kept in 'failure'; the calling thread throws it when it reaches the part.
                }
            });
        try
        {
            for (int p = 0; p < parts; p++)
            {
                var spin = new SpinWait();
                for (int s; (s = Volatile.Read(ref state[p])) != 1;)
                {
                    if (s == 2) ExceptionDispatchInfo.Throw(Volatile.Read(ref failure)!);
                    int q = Interlocked.Increment(ref next);
                    if (q < parts) Claim(q);
                    else spin.SpinOnce(sleep1Threshold: -1);
                }
                consume(p);
            }
        }
        finally
        {
            // Stop handing out parts and wait for those handed out, done or failed, before the buffers go.
            int handedOut = (int)Math.Min(Interlocked.Exchange(ref next, parts) + 1L, parts);
            for (int q = 0; q < handedOut; q++)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref state[q]) == 0) spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> once per part index in [0, <paramref name="parts"/>).</summary>
    public static void Run(int parts, Action<int> body)
    {
        if (parts == 1) body(0);
        else Unwrapped(() => Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = Threads }, body));
    }

    /// <summary>Runs a parallel loop and rethrows its first failure as itself, not wrapped in an
    /// <see cref="AggregateException"/>: the error a caller sees names the column and row, as a serial loop's
    /// does.</summary>
    public static void Unwrapped(Action loop)
    {
        try { loop(); }
        catch (AggregateException e) { ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]); }
    }
}
