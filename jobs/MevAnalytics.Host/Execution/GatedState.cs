using Hangfire.Common;
using Hangfire.States;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// Final Hangfire state of a run whose gate refused the new table: shown as "Gated" with its reason in the dashboard
/// rather than a plain "Succeeded" (nothing failed, so it is not retried).
/// </summary>
public sealed class GatedState(string reason) : IState
{
    public const string StateName = "Gated";

    public string Name => StateName;

    public string Reason => reason;

    public bool IsFinal => true;

    public bool IgnoreJobLoadException => false;

    public Dictionary<string, string> SerializeData() => new()
    {
        ["GateReason"] = reason,
        ["GatedAt"] = JobHelper.SerializeDateTime(DateTime.UtcNow),
    };
}
