using System.Collections.Concurrent;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>A test-only job whose body the test supplies; it records every execution (start, end, trigger,
/// artifact root).</summary>
public sealed class ScriptedJob(string name, Func<JobContext, CancellationToken, Task<JobOutcome>> body) : IAnalyticsJob
{
    public sealed record Execution(DateTime Start, DateTime End, string Trigger, string ArtifactRoot, bool Cancelled);

    public string Name => name;

    public string Description => "test job " + name;

    public ConcurrentQueue<Execution> Executions { get; } = new();

    /// <summary>Completes when an execution has started (for shutdown tests).</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var start = DateTime.UtcNow;
        var cancelled = false;
        Started.TrySetResult();
        try
        {
            return await body(context, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
            throw;
        }
        finally
        {
            Executions.Enqueue(new Execution(start, DateTime.UtcNow, context.Trigger, context.Artifacts.Root,
                cancelled));
        }
    }

    public static JobOutcome Outcome(JobStatus status, string summary) =>
        new(status, summary, 7, null, new Dictionary<string, double>(), []);

    public static ScriptedJob Returning(string name, JobStatus status) =>
        new(name, (_, _) => Task.FromResult(Outcome(status, $"{name} says {status}")));
}
