using System.Diagnostics;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>Waits for a condition, failing with a description of what never happened.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value) return value;
            if (clock.Elapsed > timeout) throw new TimeoutException($"after {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(100);
        }
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"after {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(250);
        }
    }
}
