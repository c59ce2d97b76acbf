namespace MevAnalytics.Lut;

/// <summary>Where one section's bytes are, after validation.</summary>
internal readonly record struct SectionSlice(int Offset, int Length, int Rows)
{
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> file) => file.Slice(Offset, Length);
}

/// <summary>The validated shape of a file: computed once at open so lookups never re-check.</summary>
internal sealed class LutSectionMap
{
    public required int FileLength { get; init; }

    /// <summary>1 (curves on an f32 grid) or 2 (curves on their knots with a bucket index).</summary>
    public required ushort FormatVersion { get; init; }

    public required SectionSlice Strings { get; init; }
    public required SectionSlice Segments { get; init; }

    /// <summary>Format 1: the f32 grid; format 2: the u32 bucket index.</summary>
    public required SectionSlice Lookup { get; init; }

    public required SectionSlice Knots { get; init; }
    public required SectionSlice Arms { get; init; }
    public required SectionSlice Latency { get; init; }
    public required SectionSlice Phases { get; init; }
    public required SectionSlice Hedges { get; init; }

    /// <summary>The key index; empty (0 rows) in files written without one, whose lookups binary-search.</summary>
    public required SectionSlice KeyIndex { get; init; }

    /// <summary>64 - log2(key index slots); unused without an index.</summary>
    public required int KeyIndexShift { get; init; }

    /// <summary>Segment index the "*" chain resolves to (a segment with a curve), or -1.</summary>
    public required int StarSegment { get; init; }

    /// <summary>Segment index the "ev:*" chain resolves to, or -1.</summary>
    public required int EvStarSegment { get; init; }

    /// <summary>String id of "*", or -1.</summary>
    public required int StarString { get; init; }
}
