namespace MevAnalytics.Integration.Tests.Support;

/// <summary>A fact that needs root (it mounts a tmpfs): skipped, with the reason, for any other user. CI runs as
/// root, so it runs there.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root") Skip = "needs root to mount a tmpfs (CI runs as root)";
    }
}
