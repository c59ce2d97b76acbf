using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MevAnalytics.Calibration.Validation;

/// <summary>
/// Whether every value of a column lies in a closed range, four at a time: the common case of the input checks, which
/// run over every row of every segment fitted and evaluated. Only when this says no do the checks walk the column
/// again to count and name the bad rows.
/// </summary>
internal static class RangeScan
{
    /// <summary>True when every value is in [<paramref name="lo"/>, <paramref name="hi"/>] (NaN never is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllWithin(ReadOnlySpan<double> values, double lo, double hi)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<double>.Count)
        {
            ref double start = ref MemoryMarshal.GetReference(values);
            var (low, high) = (Vector256.Create(lo), Vector256.Create(hi));
            var inside = Vector256<double>.AllBitsSet;
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                inside &= Vector256.GreaterThanOrEqual(v, low) & Vector256.LessThanOrEqual(v, high);
            }
            if (inside.AsUInt64() != Vector256<ulong>.AllBitsSet) return false;
        }
        for (; i < values.Length; i++)
            if (!(values[i] >= lo && values[i] <= hi)) return false;
        return true;
    }

    /// <summary>True when no value is NaN or infinite.</summary>
    public static bool AllFinite(ReadOnlySpan<double> values) => AllWithin(values, double.MinValue, double.MaxValue);
}
