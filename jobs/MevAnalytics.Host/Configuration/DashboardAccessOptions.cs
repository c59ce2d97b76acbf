using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Host.Configuration;

/// <summary>Who may open <c>/hangfire</c> (section <c>Dashboard</c>). Secrets belong in environment variables
/// (<c>MEV_Dashboard__Password</c>), not in appsettings.json.</summary>
public sealed class DashboardAccessOptions : ISectionOptions
{
    public const string SectionName = "Dashboard";

    static string ISectionOptions.Section => SectionName;

    /// <summary>Basic-auth user name. Default null (no credentials: only allowed while bound to loopback).</summary>
    public string? Username { get; set; }

    /// <summary>Basic-auth password. Default null.</summary>
    public string? Password { get; set; }

    /// <summary>Hide the trigger, requeue and delete buttons. Default false.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>True when both user name and password are configured.</summary>
    public bool HasCredentials => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    /// <summary>Throws with the name of the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
            throw new ArgumentException($"{SectionName}:Username and {SectionName}:Password must be set together.");
        if (Username is not null && Username.Contains(':'))
            throw new ArgumentException($"{SectionName}:Username must not contain ':' (basic auth separator).");
        if (HasCredentials && Password!.Length < 12)
            throw new ArgumentException($"{SectionName}:Password is shorter than 12 characters.");
    }
}
