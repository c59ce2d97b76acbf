using Hangfire.Common;
using Hangfire.States;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// Final Hangfire state of a run that by design published nothing: "Gated" (the gate refused the new table) or
/// "Unavailable" (the configured source lacks a role the job needs, exit 4 on the CLI), with the reason in the
/// dashboard rather than a plain "Succeeded" (nothing failed, so it is not retried).
/// </summary>
public sealed class GatedState(string reason, bool unavailable = false) : IState
{
    public const string StateName = "Gated";

    public const string UnavailableStateName = "Unavailable";

    public string Name => unavailable ? UnavailableStateName : StateName;

    public string Reason => reason;

    public bool IsFinal => true;

    public bool IgnoreJobLoadException => false;

    public Dictionary<string, string> SerializeData() => new()
    {
        ["GateReason"] = reason,
        ["GatedAt"] = JobHelper.SerializeDateTime(DateTime.UtcNow),
    };
}
