using System.Net;

namespace MevAnalytics.Data.Connection;

/// <summary>Whether a host name or address is this machine's loopback interface.</summary>
public static class LoopbackHost
{
    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1 (bracketed or not); false for wildcards (<c>*</c>,
    /// <c>+</c>, 0.0.0.0, [::]) and anything else.</summary>
    public static bool Is(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host?.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
