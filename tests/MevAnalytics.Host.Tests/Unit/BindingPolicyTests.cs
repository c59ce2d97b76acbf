using MevAnalytics.Host.Security;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Host.Tests.Unit;

public sealed class BindingPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://127.0.0.1:5443/base", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://10.0.0.7:5080", false)]
    [InlineData("http://example.com:5080", false)]
    public void Loopback_is_localhost_127_8_and_ipv6_loopback_only(string url, bool loopback) =>
        Assert.Equal(loopback, BindingPolicy.IsLoopback(url));

    [Fact]
    public void Non_loopback_needs_credentials()
    {
        var e = Assert.Throws<InvalidOperationException>(
            () => BindingPolicy.Check(["http://127.0.0.1:1", "http://0.0.0.0:2"], hasCredentials: false));
        Assert.Contains("'http://0.0.0.0:2'", e.Message);
        BindingPolicy.Check(["http://0.0.0.0:2"], hasCredentials: true);
        BindingPolicy.Check(["http://127.0.0.1:1"], hasCredentials: false);
    }

    [Fact]
    public void Address_without_scheme_is_rejected_with_the_setting_named() =>
        Assert.Contains("Host:Urls",
            Assert.Throws<ArgumentException>(() => BindingPolicy.IsLoopback("127.0.0.1:5080")).Message);

    [Fact]
    public void Listen_addresses_come_from_every_source_asp_net_core_reads()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.2:1",
                ["Kestrel:Endpoints:A:Url"] = "http://0.0.0.0:2",
            }).Build();
        var env = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://[::]:3",
            ["ASPNETCORE_HTTP_PORTS"] = "4"
        };
        var all = MevAnalytics.Host.Security.ListenAddresses.From(configuration,
            new MevAnalytics.Host.Configuration.JobHostOptions(), name => env.GetValueOrDefault(name));
        Assert.Equal(
            ["http://127.0.0.1:5080", "http://127.0.0.2:1", "http://0.0.0.0:2", "http://[::]:3", "http://*:4"], all);
        Assert.Throws<InvalidOperationException>(() => BindingPolicy.Check(all, hasCredentials: false));
    }
}
