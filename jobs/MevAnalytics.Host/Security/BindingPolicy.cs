using MevAnalytics.Data.Connection;

namespace MevAnalytics.Host.Security;

/// <summary>
/// The rule that keeps an unprotected dashboard off the network: listening anywhere but loopback requires dashboard
/// credentials. Pure, so it is checked before anything starts.
/// </summary>
public static class BindingPolicy
{
    /// <summary>Throws, naming the address and the settings to add, when a non-loopback address has no
    /// credentials.</summary>
    public static void Check(IReadOnlyList<string> urls, bool hasCredentials)
    {
        if (urls.Count == 0) throw new ArgumentException("Host:Urls lists no address.");
        foreach (var url in urls)
        {
            if (IsLoopback(url) || hasCredentials) continue;
            throw new InvalidOperationException(
                $"refusing to start: listen address '{url}' " +
                "(Host:Urls, --urls, Kestrel:Endpoints or ASPNETCORE_URLS) is not " +
                "a loopback address, so the dashboard needs credentials; " +
                "set Dashboard:Username and Dashboard:Password " +
                "(e.g. MEV_Dashboard__Username / MEV_Dashboard__Password) " +
                "or bind http://127.0.0.1 only.");
        }
    }

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1; false for wildcards (<c>*</c>, <c>+</c>, 0.0.0.0, [::])
    /// and anything else.</summary>
    public static bool IsLoopback(string url) => LoopbackHost.Is(Host(url));

    /// <summary>The host part of a Kestrel URL, which may be a wildcard that <see cref="Uri"/> does not
    /// parse.</summary>
    public static string Host(string url)
    {
        var rest = url.Trim();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) throw new ArgumentException($"Host:Urls '{url}' is not a URL like http://127.0.0.1:5080.");
        rest = rest[(scheme + 3)..];
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0) throw new ArgumentException($"Host:Urls '{url}' has an unterminated IPv6 address.");
            return rest[..(close + 1)];
        }
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }
}
