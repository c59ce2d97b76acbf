namespace MevAnalytics.Data.Engine;

/// <summary>Why the embedded engine could not be installed or started.</summary>
public enum EngineFailure
{
    InstallFailed,
    UnsupportedPlatform,
    DataDirectoryLocked,
    PortInUse,
    ExitedEarly,
    StartTimedOut,
}

/// <summary>The embedded engine could not be installed or started;
/// <see cref="Failure"/> says which step failed.</summary>
public sealed class EngineStartException(EngineFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public EngineFailure Failure { get; } = failure;
}
