namespace MevAnalytics.Jobs.Calibration;

/// <summary>Interns segment names (routes, arms) as dense codes in order of first appearance.</summary>
public sealed class NameCodes
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>Names by code (a live view; grows as codes are handed out).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The code of <paramref name="name"/>, assigning the next one if new.</summary>
    public int Code(string name)
    {
        if (_codes.TryGetValue(name, out int c)) return c;
        _codes[name] = _names.Count;
        _names.Add(name);
        return _names.Count - 1;
    }
}
