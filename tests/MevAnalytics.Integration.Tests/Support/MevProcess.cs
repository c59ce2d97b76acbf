using System.Diagnostics;

namespace MevAnalytics.Integration.Tests.Support;

/// <summary>Runs the real <c>mev</c> CLI (built into the test output) as a separate process, as cron would.</summary>
public static class MevProcess
{
    /// <summary>Exit code and everything the process printed.</summary>
    public sealed record Result(int Exit, string Output);

    /// <summary>Starts <c>mev ARGS</c> with <paramref name="environment"/> added; the caller awaits or kills
    /// it.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartProgram("mev.dll", environment, args);

    /// <summary>Runs <c>mev-drill ARGS</c> (the calibrate job with a publish fault, tests/MevAnalytics.Drills) to the
    /// end.</summary>
    public static async Task<Result> DrillAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = StartProgram("mev-drill.dll", environment, args);
        return await WaitAsync(process, TimeSpan.FromMinutes(3));
    }

    private static Process StartProgram(string program, IReadOnlyDictionary<string, string> environment,
        string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        return Process.Start(start)!;
    }

    /// <summary>Runs <paramref name="program"/> (<c>mev.dll</c> or <c>mev-bench.dll</c>) with ARGS to the
    /// end.</summary>
    public static async Task<Result> RunAsync(string program, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, params string[] args)
    {
        using var process = StartProgram(program, environment, args);
        return await WaitAsync(process, timeout);
    }

    /// <summary>Runs <c>mev ARGS</c> to the end (at most <paramref name="timeout"/>, default 3 min).</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? timeout,
        params string[] args)
    {
        using var process = Start(environment, args);
        return await WaitAsync(process, timeout ?? TimeSpan.FromMinutes(3));
    }

    /// <summary>Runs <c>mev ARGS</c> to the end, sampling its peak resident memory (VmHWM) as it runs.</summary>
    public static async Task<(Result Result, long PeakRssBytes)> RunMeasuredAsync(
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(environment, args);
        long peak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!process.HasExited)
            {
                peak = Math.Max(peak, PeakRss(process.Id));
                await Task.Delay(10);
            }
        });
        var result = await WaitAsync(process, timeout);
        await sampler;
        return (result, peak);
    }

    private static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(),
                        System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
        }
        return 0;
    }

    /// <summary>Waits for a started process and collects its output.</summary>
    public static async Task<Result> WaitAsync(Process process, TimeSpan timeout)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mev did not finish within {timeout}: {await stdout}{await stderr}");
        }
        return new Result(process.ExitCode, await stdout + await stderr);
    }
}
