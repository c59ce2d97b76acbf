namespace MevAnalytics.Lut.Format;

/// <summary>
/// Field offsets of every fixed-size record of docs/lut-format.md, shared by the writer, the validator and the views so
/// an offset is written down once. Each nested class is one record; <c>Size</c> is its element size.
/// </summary>
internal static class LutRecordLayout
{
    /// <summary>Section directory entry (spec section 4).</summary>
    public static class Directory
    {
        public const int Size = 32;
        public const int Kind = 0, ElementSize = 4, Offset = 8, Length = 16, RowCount = 24;
    }

    /// <summary>String index entry (kind 1, spec section 5); offsets are relative to the section start.</summary>
    public static class StringIndex
    {
        public const int Size = 8;
        public const int Start = 0, Length = 4;
    }

    /// <summary>Calibration segment (kind 2, spec section 6). Format 2 stores the bucket index's start and count
    /// where format 1 stored the grid's.</summary>
    public static class Segment
    {
        public const int Size = 64;
        public const int Key = 0, Parent = 4, SampleCount = 8, XMin = 16, XMax = 24, Scale = 32;
        public const int GridStart = 40, GridCount = 44, KnotStart = 48, KnotCount = 52;
        public const int BucketStart = GridStart, BucketCount = GridCount;
    }

    /// <summary>Calibration knot of format 2 (kind 4): f64 x, f64 y, f64 slope to the next knot.</summary>
    public static class SlopedKnot
    {
        public const int Size = 24;
        public const int X = 0, Y = 8, Slope = 16;
    }

    /// <summary>Bucket index entry (kind 10, format 2): u32, a knot of the segment.</summary>
    public static class Bucket
    {
        public const int Size = 4;
    }

    /// <summary>Calibration grid value (kind 3, format 1): one f32.</summary>
    public static class GridValue
    {
        public const int Size = 4;
    }

    /// <summary>Calibration knot of format 1 (kind 4): f64 x, f64 y.</summary>
    public static class Knot
    {
        public const int Size = 16;
        public const int X = 0, Y = 8;
    }

    /// <summary>Bandit arm (kind 5, spec section 7).</summary>
    public static class Arm
    {
        public const int Size = 80;
        public const int Route = 0, ArmIndex = 4, LeaderGroup = 8, Alpha = 16, Beta = 24;
        public const int DecayedPulls = 32, DecayedLands = 40;
        public const int PayoffMean = 48, PayoffVariance = 56, TipLamports = 64, LastUpdated = 72;
    }

    /// <summary>Latency quantiles (kind 6, spec section 8).</summary>
    public static class Latency
    {
        public const int Size = 64;
        public const int Route = 0, Endpoint = 4, Count = 8, ErrorRate = 16, P50 = 24, P90 = 32, P99 = 40, P999 = 48;
    }

    /// <summary>Phase offset (kind 7, spec section 9).</summary>
    public static class Phase
    {
        public const int Size = 64;
        public const int Leader = 0, SampleCount = 8, OptimalOffset = 16, Spread = 24;
        public const int KalmanState = 32, KalmanVariance = 40;
        public const int ProcessNoise = 48, MeasurementNoise = 56;
    }

    /// <summary>Route hedging policy (kind 8, spec section 10).</summary>
    public static class RouteHedge
    {
        public const int Size = 32;
        public const int Route = 0, SloBreaches = 4, HedgeDelay = 8, HedgeFireRate = 16, Count = 24;
    }

    /// <summary>Key index slot (kind 9, spec section 11).</summary>
    public static class KeySlot
    {
        public const int Size = 8;
        public const int StringId = 0, Curve = 4;
    }
}
