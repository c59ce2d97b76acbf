using System.Runtime.InteropServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>A sort key (see <see cref="KeyIndexRadixSort.ToKey"/>) with its row's value carried inline.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct KeyValue
{
    public ulong Key;
    public double Value;
}
