using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Tests.Isotonic;

/// <summary>Parts run on several threads and consumed in order on the calling thread.</summary>
public class ParallelPartsTests
{
    [Fact]
    public void Parts_are_consumed_in_order_each_after_its_work()
    {
        int parts = 64;
        var done = new int[parts];
        var consumed = new List<int>();
        ParallelParts.RunInOrder(parts, p =>
        {
            Thread.SpinWait(1000 * (parts - p));
            Volatile.Write(ref done[p], 1);
        }, p =>
        {
            Assert.Equal(1, Volatile.Read(ref done[p]));
            consumed.Add(p);
        });
        Assert.Equal(Enumerable.Range(0, parts), consumed);
    }

    [Fact]
    public async Task A_part_that_fails_on_a_helper_thread_fails_the_run_instead_of_hanging_it()
    {
        using var helperRan = new ManualResetEventSlim();
        var run = Task.Run(() =>
        {
            int caller = Environment.CurrentManagedThreadId;
            ParallelParts.RunInOrder(32, p =>
            {
                if (Environment.CurrentManagedThreadId == caller)
                {
                    // Hold the caller's first part until a helper has claimed one, so that a helper fails a part
                    // the caller then waits for.
                    helperRan.Wait(TimeSpan.FromSeconds(10));
                    return;
                }
                helperRan.Set();
                throw new InvalidOperationException($"part {p} failed");
            }, _ => { });
        });
        var first = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(run, first);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => run);
        Assert.Contains("failed", error.ToString());
    }
}
