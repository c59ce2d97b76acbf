using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>Zero-copy view of one phase offset record.</summary>
public readonly ref struct PhaseOffsetView : ILutRecordView<PhaseOffsetView>
{
    private readonly ReadOnlySpan<byte> _r;

    internal PhaseOffsetView(ReadOnlySpan<byte> record, ReadOnlySpan<byte> leader)
    {
        _r = record;
        LeaderUtf8 = leader;
    }

    static int ILutRecordView<PhaseOffsetView>.Size => L.Phase.Size;

    static PhaseOffsetView ILutRecordView<PhaseOffsetView>.Create(ReadOnlySpan<byte> record,
        ReadOnlySpan<byte> strings) => new(record, LutLookup.StringAt(strings, (int)U32(record, L.Phase.Leader)));

    /// <summary>Leader key (UTF-8); "*" when the lookup fell back.</summary>
    public ReadOnlySpan<byte> LeaderUtf8 { get; }

    /// <summary>Leader key (allocates).</summary>
    public string Leader => Encoding.UTF8.GetString(LeaderUtf8);

    /// <summary>Observations.</summary>
    public long SampleCount => (long)U64(_r, L.Phase.SampleCount);

    /// <summary>Optimal send offset from the slot start, ms.</summary>
    public double OptimalOffsetMs => F64(_r, L.Phase.OptimalOffset);

    /// <summary>Spread, ms.</summary>
    public double SpreadMs => F64(_r, L.Phase.Spread);

    /// <summary>Kalman initial state, ms.</summary>
    public double KalmanInitialState => F64(_r, L.Phase.KalmanState);

    /// <summary>Kalman initial variance, ms^2.</summary>
    public double KalmanInitialVariance => F64(_r, L.Phase.KalmanVariance);

    /// <summary>Process noise, ms^2 per slot.</summary>
    public double ProcessNoise => F64(_r, L.Phase.ProcessNoise);

    /// <summary>Measurement noise, ms^2.</summary>
    public double MeasurementNoise => F64(_r, L.Phase.MeasurementNoise);
}
