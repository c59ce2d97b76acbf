using System.Diagnostics;
using Xunit;

namespace MevAnalytics.Oracles.Python;

/// <summary>A fact that is skipped, with the reason, when Debian's /usr/bin/python3 cannot import sklearn.</summary>
public sealed class SklearnFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";
    /// <summary>Why sklearn cannot be used here, or null when it can (probed once).</summary>
    internal static readonly Lazy<string?> Unavailable = new(Probe);

    public SklearnFactAttribute()
    {
        if (Unavailable.Value is { } reason) Skip = reason;
    }

    private static string? Probe()
    {
        if (!File.Exists(Python)) return $"{Python} not found (install Debian package python3-sklearn)";
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, "-c \"import sklearn\"")
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit(60_000);
            return p.ExitCode == 0 ? null : $"{Python} cannot import sklearn (install Debian package python3-sklearn)";
        }
        catch (Exception e)
        {
            return $"{Python} could not be started: {e.Message}";
        }
    }

    /// <summary>The path of scripts/sklearn/<paramref name="name"/> in the repository above the test
    /// binaries.</summary>
    public static string Script(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MevAnalytics.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException(
                "repository root (MevAnalytics.sln) not found above " + AppContext.BaseDirectory),
            "scripts", "sklearn", name);
    }

    /// <summary>Runs /usr/bin/python3 with arguments; returns stdout, throws with stderr on failure.</summary>
    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000))
        {
            p.Kill();
            throw new TimeoutException($"{Python} {string.Join(' ', args)} timed out");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Python} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
