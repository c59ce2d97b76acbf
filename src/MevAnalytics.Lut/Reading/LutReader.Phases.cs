namespace MevAnalytics.Lut;

public readonly ref partial struct LutReader
{
    private LutRecords<PhaseOffsetView> PhaseRows => new(_phases, _strings);

    /// <summary>Phase rows in the file (kind 7).</summary>
    public int PhaseCount => PhaseRows.Count;

    /// <summary>Phase row i.</summary>
    public PhaseOffsetView PhaseAt(int index) => PhaseRows.At(index);

    /// <summary>The leader's row, else the "*" row.</summary>
    public bool TryGetPhase(ReadOnlySpan<char> leader, out PhaseOffsetView view)
    {
        int id = FindString(leader);
        int row = id < 0 ? -1 : PhaseRows.Find((uint)id);
        if (row < 0 && _starString >= 0) row = PhaseRows.Find((uint)_starString);
        view = row < 0 ? default : PhaseRows.At(row);
        return row >= 0;
    }

    /// <summary>The leader's row, else the "*" row.</summary>
    /// <exception cref="KeyNotFoundException">Neither exists.</exception>
    public PhaseOffsetView Phase(ReadOnlySpan<char> leader) =>
        TryGetPhase(leader, out var v) ? v : throw NotFound("phase leader", leader);
}
