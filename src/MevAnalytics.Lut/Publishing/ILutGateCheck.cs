namespace MevAnalytics.Lut;

/// <summary>A condition a candidate table must meet before it is published.</summary>
public interface ILutGateCheck
{
    /// <summary>Short name shown when the check fails.</summary>
    string Name { get; }

    /// <summary>Checks the validated candidate; <paramref name="current"/> is the current table, if any.</summary>
    LutCheckResult Check(LutFile candidate, LutFile? current);
}

/// <summary>Result of one gate check.</summary>
/// <param name="Passed">True if the candidate may be published.</param>
/// <param name="Reason">Why it failed (or a note when it passed).</param>
public readonly record struct LutCheckResult(bool Passed, string Reason)
{
    /// <summary>A pass.</summary>
    public static LutCheckResult Pass(string note = "") => new(true, note);

    /// <summary>A failure with its reason.</summary>
    public static LutCheckResult Fail(string reason) => new(false, reason);
}
