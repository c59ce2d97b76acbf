using System.Diagnostics;
using MevAnalytics.Host.Tests.Support;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>A stop request cancels the running job's token; the job stops without leaving partial artifacts.</summary>
[Collection(HostCollection.Name)]
public sealed class ShutdownTests(HostEnvironment env)
{
    [Fact]
    public async Task Stopping_the_host_cancels_the_running_job_and_leaves_no_partial_artifact()
    {
        // Waits until cancelled; would publish a table only if it were allowed to finish.
        var slow = new ScriptedJob("slow", async (context, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return await TestLut.PublishAsync(context, "slow_latency", "slow", ct);
        });
        var settings = env.Settings("shutdown", ("slow", "0 0 1 1 *"));
        var host = await env.StartHostAsync(settings, slow);
        try
        {
            var jobId = HangfireProbe.Trigger(host, "slow");
            await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();

            await host.StopAsync();

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10),
                $"stop took {clock.Elapsed.TotalSeconds:0.0} s (Host:ShutdownTimeout is 10 s)");
            var run = Assert.Single(slow.Executions);
            Assert.True(run.Cancelled, "the job's token was not cancelled by the stop request");
            var root = env.ArtifactRoot("shutdown");
            Assert.False(Directory.Exists(Path.Combine(root, "luts", "slow_latency")),
                "a cancelled job published a table");
            Assert.Empty(Directory.Exists(root)
                ? Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories)
                : []);
            // Not marked done: Hangfire hands an interrupted job to the next server that starts.
            var state = host.Storage.GetMonitoringApi().JobDetails(jobId).History[0].StateName;
            Assert.NotEqual("Succeeded", state);
            Assert.NotEqual("Failed", state);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
