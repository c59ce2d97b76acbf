using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Host;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Cli.Commands;

/// <summary>
/// <c>mev serve</c>: the Hangfire job host in the foreground (scheduler, dashboard at <c>/hangfire</c>,
/// <c>/healthz</c>, <c>/metrics</c>), on the embedded ClickHouse unless <c>ClickHouse:ConnectionString</c> is
/// configured.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Addresses to listen on, ';'-separated (default Host:Urls, http://127.0.0.1:5080). " +
                          "Anything but loopback requires Dashboard:Username and Dashboard:Password.",
        };
        var command = new Command("serve",
            "Run the job host: Hangfire scheduler and dashboard (/hangfire), /healthz, /metrics.") { urls };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var overrides = parse.GetValue(urls) is { Length: > 0 } u
                ? new[] { new KeyValuePair<string, string?>("Host:Urls", u) }
                : null;
            return await MevHost.RunAsync(MevConfiguration.Build(overrides), token);
        }, ct));
        return command;
    }
}
