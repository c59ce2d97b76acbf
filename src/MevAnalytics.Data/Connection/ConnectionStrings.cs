namespace MevAnalytics.Data.Connection;

/// <summary>Connection-string edits that keep every other key (credentials included) as they are.</summary>
public static class ConnectionStrings
{
    /// <summary><paramref name="connectionString"/> pointed at
    /// <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static string WithEndpoint(string connectionString, string host, int port)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !p.StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
                && !p.StartsWith("Port=", StringComparison.OrdinalIgnoreCase));
        return string.Join(';', new[] { $"Host={host}", $"Port={port}" }.Concat(parts));
    }
}
