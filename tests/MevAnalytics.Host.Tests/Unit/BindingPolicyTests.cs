using MevAnalytics.Host.Security;

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
        var e = Assert.Throws<InvalidOperationException>(() => BindingPolicy.Check(["http://127.0.0.1:1", "http://0.0.0.0:2"], hasCredentials: false));
        Assert.Contains("'http://0.0.0.0:2'", e.Message);
        BindingPolicy.Check(["http://0.0.0.0:2"], hasCredentials: true);
        BindingPolicy.Check(["http://127.0.0.1:1"], hasCredentials: false);
    }

    [Fact]
    public void Address_without_scheme_is_rejected_with_the_setting_named() =>
        Assert.Contains("Host:Urls", Assert.Throws<ArgumentException>(() => BindingPolicy.IsLoopback("127.0.0.1:5080")).Message);
}
