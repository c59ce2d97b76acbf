using MevAnalytics.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Host.Security;

/// <summary>
/// Every address the host could be made to listen on, from every place ASP.NET Core reads one: <c>Host:Urls</c>
/// (and <c>--urls</c>), the <c>urls</c> key, Kestrel endpoints (<c>Kestrel:Endpoints:NAME:Url</c>, e.g.
/// <c>MEV_Kestrel__Endpoints__Http__Url</c>), and the
/// <c>ASPNETCORE_URLS</c>/<c>DOTNET_URLS</c>/<c>ASPNETCORE_HTTP_PORTS</c> environment variables.
/// <see cref="BindingPolicy"/> checks all of them before start, and the addresses actually bound again after start.
/// </summary>
public static class ListenAddresses
{
    /// <summary>The configured addresses, wildcards included (a bare port means every interface).</summary>
    public static IReadOnlyList<string> From(IConfiguration configuration, JobHostOptions host,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var all = new List<string>(host.UrlList());
        all.AddRange(Split(configuration["urls"]));
        all.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).OfType<string>());
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS" }) all.AddRange(Split(environment(name)));
        foreach (var (name, scheme) in new[] { ("ASPNETCORE_HTTP_PORTS", "http"), ("ASPNETCORE_HTTPS_PORTS", "https") })
            all.AddRange(Split(environment(name)).Select(port => $"{scheme}://*:{port}"));
        return all.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
