namespace MevAnalytics.Simulation.Randomness;

/// <summary>
/// xoshiro256** generator seeded by SplitMix64. Our own implementation, so the simulated history for a seed never
/// changes with the .NET runtime (System.Random's algorithm is an implementation detail).
/// </summary>
public struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>A generator for <paramref name="seed"/>, optionally split into an independent
    /// <paramref name="stream"/>.</summary>
    public Xoshiro256(ulong seed, ulong stream = 0)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spareNormal = 0;
        _hasSpare = false;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)((NextUInt64() >> 33) * (ulong)n >> 31);

    /// <summary>Standard normal (Marsaglia polar method).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var m = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * m;
        _hasSpare = true;
        return u * m;
    }

    /// <summary>Poisson count with mean <paramref name="lambda"/>: exact for small means, normal approximation above
    /// 64.</summary>
    public int NextPoisson(double lambda)
    {
        if (lambda <= 0) return 0;
        if (lambda > 64) return Math.Max(0, (int)Math.Round(lambda + Math.Sqrt(lambda) * NextNormal()));
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }
        return k;
    }
}
