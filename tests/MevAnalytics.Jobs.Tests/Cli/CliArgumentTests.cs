using MevAnalytics.Cli;

namespace MevAnalytics.Jobs.Tests.Cli;

/// <summary>Bad arguments fail before any work starts, with a message naming the argument and a non-zero
/// exit.</summary>
public sealed class CliArgumentTests
{
    private static async Task<(int Exit, string Error)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        var parse = MevCli.Build().Parse(args);
        var original = Console.Error;
        int exit;
        lock (typeof(CliArgumentTests))
        {
            Console.SetError(error);
        }
        try
        {
            parse.InvocationConfiguration.Error = error;
            exit = await parse.InvokeAsync();
        }
        finally
        {
            Console.SetError(original);
        }
        return (exit, error.ToString() + string.Join("\n", parse.Errors.Select(e => e.Message)));
    }

    [Theory]
    [InlineData("--days", "0")]
    [InlineData("--days", "-3")]
    [InlineData("--sends-per-second", "0")]
    [InlineData("--probe-interval-ms", "-5")]
    public async Task Simulate_rejects_non_positive_values_naming_the_option(string option, string value)
    {
        var (exit, error) = await RunAsync("simulate", option, value);
        Assert.NotEqual(0, exit);
        Assert.Contains(option, error);
    }

    [Fact]
    public async Task Simulate_rejects_a_value_that_is_not_a_number()
    {
        var (exit, error) = await RunAsync("simulate", "--seed", "seven");
        Assert.NotEqual(0, exit);
        Assert.Contains("seven", error);
    }

    [Fact]
    public async Task Simulate_rejects_too_many_days_before_touching_clickhouse()
    {
        var (exit, error) = await RunAsync("simulate", "--days", "400");
        Assert.Equal(1, exit);
        Assert.Contains("--days", error);
    }

    [Fact]
    public async Task Simulate_rejects_an_unparseable_end()
    {
        var (exit, error) = await RunAsync("simulate", "--end", "yesterday-ish");
        Assert.Equal(1, exit);
        Assert.Contains("--end", error);
    }

    [Fact]
    public async Task Migrate_rejects_unknown_arguments()
    {
        var (exit, error) = await RunAsync("migrate", "--force-everything");
        Assert.NotEqual(0, exit);
        Assert.Contains("--force-everything", error);
    }
}
