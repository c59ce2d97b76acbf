using System.Diagnostics;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>A throwaway PostgreSQL 15 cluster on a free loopback port, started and removed by
/// scripts/postgres.sh.</summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "mev-pg-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Npgsql connection string printed by the script (trust auth, database hangfire).</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = (await ScriptAsync("start")).Trim();

    public async Task DisposeAsync() => await ScriptAsync("stop");

    private async Task<string> ScriptAsync(string command)
    {
        var script = Path.Combine(Chromium.RepositoryRoot(), "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(_directory);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"postgres.sh {command} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
