using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using MevAnalytics.Host.Configuration;
using Microsoft.AspNetCore.Http;

namespace MevAnalytics.Host.Security;

/// <summary>
/// Dashboard access: with credentials configured, HTTP basic auth (anything else gets 401 and a challenge); without,
/// requests from loopback only (start-up refuses non-loopback bindings without credentials).
/// </summary>
public sealed class BasicAuthDashboardFilter(DashboardAccessOptions options) : IDashboardAuthorizationFilter
{
    private const string Challenge = "Basic realm=\"mev-dashboard\", charset=\"UTF-8\"";
    private readonly byte[]? _expected = options.HasCredentials ? Hash($"{options.Username}:{options.Password}") : null;

    public bool Authorize(DashboardContext context) => Authorize(context.GetHttpContext());

    /// <summary>The same rule for the host's own pages (<c>/reports</c>): true to serve, false after setting the
    /// challenge.</summary>
    public bool Authorize(HttpContext http)
    {
        if (_expected is null)
            return http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

        if (Presented(http.Request.Headers.Authorization.ToString()) is { } presented
            && CryptographicOperations.FixedTimeEquals(Hash(presented), _expected))
            return true;
        // Hangfire answers 401 for an unauthenticated user; the challenge makes browsers ask for credentials.
        http.Response.Headers.WWWAuthenticate = Challenge;
        return false;
    }

    /// <summary>The <c>user:password</c> of a basic authorization header, or null.</summary>
    public static string? Presented(string header)
    {
        const string prefix = "Basic ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header[prefix.Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Comparing fixed-length digests keeps the comparison constant-time whatever the lengths.
    private static byte[] Hash(string s) => SHA256.HashData(Encoding.UTF8.GetBytes(s));
}
