using System.CommandLine;
using System.Globalization;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev runs list|show|compare</c>: the recorded runs (<c>job_runs</c>) with their parameters and
/// metrics. Numbers print with 6 significant digits, times in ISO 8601 UTC.</summary>
public static class RunsCommand
{
    public static Command Create()
    {
        var job = new Option<string?>("--job") { Description = "Only runs of this job." };
        var limit = CliOptions.Positive("--limit", "How many runs, newest first (default 20).", 20);
        var list = new Command("list", "The newest runs: id, job, start, status, duration, rows read, LUT version.")
        {
            job, limit,
        };
        list.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            var runs = await RecordedRun.ListAsync(store.Db, parse.GetValue(job), parse.GetValue(limit), token);
            Console.WriteLine("run_id\tjob\tstarted_at\tstatus\tduration_s\trows_read\tlut_version\ttrigger");
            foreach (var r in runs)
                Console.WriteLine(string.Join('\t', r.RunId.ToString(), r.Job, Time(r.StartedAt), r.Status,
                    Number(r.DurationMs / 1000.0), r.RowsRead.ToString(CultureInfo.InvariantCulture), r.LutVersion,
                    r.Trigger));
            return 0;
        }, ct));

        var id = new Argument<string>("run") { Description = "Run id (or a unique prefix of it)." };
        var show = new Command("show", "One run: its parameters and metrics.") { id };
        show.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            var r = await RecordedRun.FindAsync(store.Db, parse.GetValue(id)!, token);
            Console.WriteLine($"run {r.RunId}: {r.Job} ({r.Trigger}) {r.Status} at {Time(r.StartedAt)}, " +
                              $"{Number(r.DurationMs / 1000.0)} s, {r.RowsRead:N0} rows read" +
                              (r.LutVersion.Length > 0 ? $", version {r.LutVersion}" : ""));
            if (r.Error.Length > 0) Console.WriteLine($"reason: {r.Error}");
            Console.WriteLine("parameters:");
            foreach (var (k, v) in r.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                Console.WriteLine($"  {k} = {v}");
            Console.WriteLine("metrics:");
            foreach (var (k, v) in r.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
                Console.WriteLine($"  {k} = {Number(v)}");
            return 0;
        }, ct));

        var a = new Argument<string>("a") { Description = "First run id (or prefix)." };
        var b = new Argument<string>("b") { Description = "Second run id (or prefix)." };
        var compare = new Command("compare", "Two runs side by side: the parameters that differ, every metric with " +
                                             "its change (b - a).") { a, b };
        compare.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
            var ra = await RecordedRun.FindAsync(store.Db, parse.GetValue(a)!, token);
            var rb = await RecordedRun.FindAsync(store.Db, parse.GetValue(b)!, token);
            var diff = RunComparison.Of(ra, rb);
            Console.WriteLine($"a: {ra.RunId} {ra.Job} {ra.Status} at {Time(ra.StartedAt)}");
            Console.WriteLine($"b: {rb.RunId} {rb.Job} {rb.Status} at {Time(rb.StartedAt)}");
            Console.WriteLine(diff.Parameters.Count == 0 ? "parameters: equal" : "parameters that differ:");
            foreach (var (k, va, vb) in diff.Parameters)
                Console.WriteLine($"  {k}: {va ?? "(unset)"} -> {vb ?? "(unset)"}");
            Console.WriteLine("metrics (a, b, b - a):");
            foreach (var (k, va, vb) in diff.Metrics)
                Console.WriteLine($"  {k}: {Number(va)}, {Number(vb)}, {Number(vb - va)}");
            return 0;
        }, ct));
        return new Command("runs", "Recorded runs (job_runs): list, show one, compare two.") { list, show, compare };
    }

    private static string Time(DateTime t) =>
        t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Number(double v) =>
        double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "n/a";
}
