using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>Headless Debian chromium: a page's DOM after scripts ran, and a screenshot kept under
/// TestResults/.</summary>
public static partial class Chromium
{
    public const string Binary = "/usr/bin/chromium";

    public sealed record Page(string Dom, string Text, string ScreenshotPath);

    public static async Task<Page> LoadAsync(string url, string screenshotName)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: run scripts/prerequisites.sh");
        var results = Path.Combine(ProjectDirectory(), "TestResults");
        Directory.CreateDirectory(results);
        var screenshot = Path.Combine(results, screenshotName);
        File.Delete(screenshot);
        var profile = Directory.CreateTempSubdirectory("mev-chromium-");
        try
        {
            var dom = await RunAsync(profile.FullName, ["--dump-dom", url]);
            await RunAsync(profile.FullName, ["--window-size=1280,900", $"--screenshot={screenshot}", url]);
            Assert.True(File.Exists(screenshot), $"chromium wrote no screenshot at {screenshot}");
            var text = WhiteSpace().Replace(Tags().Replace(dom, " "), " ");
            return new Page(dom, System.Net.WebUtility.HtmlDecode(text), screenshot);
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<string> RunAsync(string profile, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                     $"--user-data-dir={profile}" }.Concat(args))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 60 s: " + await stderr);
        }
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary>The test project's folder (where TestResults/ lives), found from the output folder.</summary>
    public static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MevAnalytics.Host.Tests.csproj"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }

    /// <summary>The repository root (where scripts/ lives).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MevAnalytics.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("MevAnalytics.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("<script[\\s\\S]*?</script>|<style[\\s\\S]*?</style>|<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpace();
}
