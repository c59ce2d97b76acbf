using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MevAnalytics.Data.Engine;

/// <summary>
/// Installs the ClickHouse engine library from npm into a versioned cache folder when it is missing. The install goes
/// to a temporary folder that is renamed into place, so an interrupted install never looks complete.
/// </summary>
public static class EngineInstaller
{
    /// <summary>Returns the path of <c>libchdb.so</c>, installing the package first when needed.</summary>
    public static async Task<string> EnsureInstalledAsync(EmbeddedEngineOptions options, Action<string>? log,
        CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            throw new EngineStartException(EngineFailure.UnsupportedPlatform,
                $"The embedded engine package {options.Package} is for linux-x64; " +
                $"this is {RuntimeInformation.RuntimeIdentifier}. " +
                "Configure ClickHouse:ConnectionString to use a ClickHouse server instead.");

        var versionDir = Path.GetFullPath(Path.Combine(options.CacheDirectory, options.PackageVersion));
        var library = LibraryPath(versionDir, options.Package);
        if (File.Exists(library)) return library;

        Directory.CreateDirectory(options.CacheDirectory);
        // One installer at a time per cache folder (parallel test runs, a host and a CLI).
        await using var gate = await FileGate.AcquireAsync(Path.Combine(options.CacheDirectory, ".install.lock"),
            options.InstallTimeout, ct);
        if (File.Exists(library)) return library;

        var staging = versionDir + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        log?.Invoke($"installing ClickHouse engine {options.Package}@{options.PackageVersion} into {versionDir}");
        var (exit, output) = await RunNpmAsync(staging, $"{options.Package}@{options.PackageVersion}",
            options.InstallTimeout, ct);
        if (exit != 0 || !File.Exists(LibraryPath(staging, options.Package)))
        {
            TryDelete(staging);
            throw new EngineStartException(EngineFailure.InstallFailed,
                $"npm install of {options.Package}@{options.PackageVersion} " +
                $"failed (exit {exit}): {LastLines(output, 5)}");
        }
        if (Directory.Exists(versionDir)) Directory.Delete(versionDir, recursive: true);
        Directory.Move(staging, versionDir);
        return library;
    }

    private static string LibraryPath(string versionDir, string package) =>
        Path.Combine(versionDir, "node_modules", package.Replace('/', Path.DirectorySeparatorChar), "libchdb.so");

    private static async Task<(int Exit, string Output)> RunNpmAsync(string prefix, string spec, TimeSpan timeout,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", spec })
            start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new EngineStartException(EngineFailure.InstallFailed,
                "npm is not available to install the embedded ClickHouse engine; " +
                "install Node.js/npm or configure ClickHouse:ConnectionString.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new EngineStartException(EngineFailure.InstallFailed,
                    $"npm install of {spec} did not finish within {timeout}.");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeLast(count));

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
