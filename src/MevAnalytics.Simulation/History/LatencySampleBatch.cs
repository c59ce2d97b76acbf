namespace MevAnalytics.Simulation.History;

/// <summary>Simulated latency probes, column by column.</summary>
public sealed class LatencySampleBatch(int capacity)
{
    public int Count;
    public long[] TsMs = new long[capacity];
    public byte[] Route = new byte[capacity];
    public byte[] Endpoint = new byte[capacity];
    public double[] RttMs = new double[capacity];
    public byte[] Ok = new byte[capacity];

    internal void Add(long tsMs, byte route, byte endpoint, double rtt, bool ok)
    {
        if (Count == TsMs.Length)
        {
            var n = Math.Max(16, Count * 2);
            Array.Resize(ref TsMs, n);
            Array.Resize(ref Route, n);
            Array.Resize(ref Endpoint, n);
            Array.Resize(ref RttMs, n);
            Array.Resize(ref Ok, n);
        }
        TsMs[Count] = tsMs;
        Route[Count] = route;
        Endpoint[Count] = endpoint;
        RttMs[Count] = rtt;
        Ok[Count] = ok ? (byte)1 : (byte)0;
        Count++;
    }
}
