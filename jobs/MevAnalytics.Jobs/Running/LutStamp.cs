using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Running;

/// <summary>A run's provenance for the header of the table it publishes: kind, the run's clock, the window read,
/// the job and the code revision.</summary>
public sealed record LutStamp(LutTableKind Kind, DateTime UtcNow, QueryWindow Window, string Job, string Revision)
{
    /// <summary>The header of a table fitted from <paramref name="rowsUsed"/> rows over <see cref="Window"/> (or over
    /// the span an offline input actually covers).</summary>
    public LutHeader Header(long rowsUsed, long? windowFromUnixMs = null, long? windowToUnixMs = null) =>
        new(Kind, QueryWindow.UnixMs(UtcNow), windowFromUnixMs ?? Window.FromUnixMs,
            windowToUnixMs ?? Window.ToUnixMs, rowsUsed, Job, Revision);
}
