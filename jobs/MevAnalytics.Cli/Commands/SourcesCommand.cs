using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev sources check</c>: shows how the configured sources map onto the roles the jobs read.</summary>
public static class SourcesCommand
{
    public static Command Create()
    {
        var check = new Command("check",
            "Check the Sources mapping against ClickHouse and print per role the expression, its type and a sample " +
            "value.");
        check.SetAction((_, ct) => CommandAction.RunAsync(async token =>
        {
            var settings = JobSettings.Bind(MevConfiguration.Build());
            await using var store = await AnalyticsStore.OpenAsync(settings, CliConsole.Info, token);
            await store.MigrateAsync(CliConsole.Info, token);
            var mappings = await SourceSetup.ApplyAsync(store.Server, store.Layout, store.Sources, CliConsole.Info,
                token, samples: true);
            var database = store.Options.Database;
            foreach (var kind in SourceKind.All)
            {
                var mapping = mappings.FirstOrDefault(m => m.Kind == kind);
                if (mapping is null)
                {
                    Console.WriteLine($"{kind.Key}: not mapped; the jobs read {database}.{kind.OwnTable}");
                    continue;
                }
                Console.WriteLine($"{kind.Key}: {mapping.Table}, read through view {database}.{kind.View}");
                foreach (var role in mapping.Roles.Where(r => r.Expression is not null))
                    Console.WriteLine($"  {role.Role.Key,-14} {role.Expression}  ->  {role.Type} as " +
                                      $"{role.Role.Column} {role.Role.Type}; sample: " +
                                      (role.Sample ?? "(table is empty)"));
                var missing = mapping.Roles.Where(r => r.Expression is null).ToArray();
                if (missing.Length > 0) Console.WriteLine("  not mapped:");
                foreach (var role in missing) Console.WriteLine($"  {role.Role.Key,-14} {role.Role.WithoutIt}");
            }
            // What the mapping lets run, job by job, with the keys a job that cannot run needs.
            Console.WriteLine("jobs:");
            foreach (var job in JobCatalog.All)
            {
                var needs = job.LandingRoles(settings).Where(r => !store.Sources.Has(SourceKind.Landing, r))
                    .Select(r => $"{SourcesOptions.SectionName}:Landing:Columns:{r}").ToArray();
                Console.WriteLine(needs.Length == 0
                    ? $"  {job.Name,-14} runs"
                    : $"  {job.Name,-14} not available: needs {string.Join(", ", needs)}");
            }
            return 0;
        }, ct));
        var command = new Command("sources", "The tables the jobs read (section Sources, docs/sources.md).") { check };
        return command;
    }
}
