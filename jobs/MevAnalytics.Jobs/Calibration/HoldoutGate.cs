using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// Gate checks <c>holdout-logloss</c> and <c>holdout-ece</c>: the candidate table may not score worse than the current
/// one on the run's holdout rows by more than the tolerances. Both scores are computed before the publisher takes its
/// lock: the candidate's once, from the bytes being published (the summary reports the same numbers), the current
/// table's from the version current then. Under the lock the checks only compare numbers; only if the current table
/// changed in between (a rollback) do they score the new one there.
/// </summary>
public sealed class HoldoutGate
{
    private readonly Func<LutFile, TableScore> _score;
    private readonly byte[]? _scoredCurrent;
    private readonly TableScore? _currentScore;
    private readonly double _logLossTolerance;
    private readonly double _eceTolerance;
    private TableScore? _rescored;

    /// <summary>Scores the candidate and <paramref name="current"/> (if any) now, the two at once.</summary>
    /// <param name="candidate">The candidate, opened over the bytes being published.</param>
    /// <param name="current">The table current now, or null.</param>
    /// <param name="score">Scores a table on the holdout rows.</param>
    /// <param name="logLossTolerance">How much worse the log loss may be.</param>
    /// <param name="eceTolerance">How much worse the equal-mass ECE may be.</param>
    public HoldoutGate(LutFile candidate, LutFile? current, Func<LutFile, TableScore> score,
        double logLossTolerance, double eceTolerance)
    {
        _score = score;
        _logLossTolerance = logLossTolerance;
        _eceTolerance = eceTolerance;
        // Independent scans of the same holdout rows: the current table on the other core. Both are awaited before
        // a failure of either is reported, the candidate's first.
        var currentScore = current is null ? null : Task.Run(() => score(current));
        try
        {
            Candidate = score(candidate);
        }
        finally
        {
            if (currentScore is not null) ((IAsyncResult)currentScore).AsyncWaitHandle.WaitOne();
        }
        if (current is null) return;
        _scoredCurrent = current.Span.ToArray();
        _currentScore = currentScore!.GetAwaiter().GetResult();
    }

    /// <summary>The candidate's holdout score.</summary>
    public TableScore Candidate { get; }

    /// <summary>The two checks, for <c>LutGateChecks.Standard</c>.</summary>
    public ILutGateCheck[] Checks() =>
    [
        new NotWorseThanCurrentCheck("holdout-logloss", (_, current) =>
            Compare("holdout log loss", Candidate.LogLoss, Current(current).LogLoss, _logLossTolerance)),
        new NotWorseThanCurrentCheck("holdout-ece", (_, current) =>
            Compare("holdout ECE", Candidate.Ece, Current(current).Ece, _eceTolerance)),
    ];

    private TableScore Current(LutFile current) =>
        _currentScore is { } scored && current.Span.SequenceEqual(_scoredCurrent)
            ? scored
            : _rescored ??= _score(current);

    private static LutCheckResult Compare(string what, double candidate, double current, double tolerance) =>
        candidate <= current + tolerance
            ? LutCheckResult.Pass()
            : LutCheckResult.Fail(
                $"{what} {candidate:0.######} is worse than the current table's {current:0.######} " +
                $"by more than {tolerance}");
}
