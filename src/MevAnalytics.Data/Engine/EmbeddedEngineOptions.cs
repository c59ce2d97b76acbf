using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Data.Engine;

/// <summary>
/// Settings of the embedded ClickHouse engine (section <c>EmbeddedEngine</c>). Used only when no
/// <see cref="Connection.ClickHouseOptions.ConnectionString"/> is configured.
/// </summary>
public sealed class EmbeddedEngineOptions : ISectionOptions
{
    public const string SectionName = "EmbeddedEngine";

    static string ISectionOptions.Section => SectionName;

    /// <summary>npm package that carries the engine. Default <c>@chdb/lib-linux-x64-gnu</c>.</summary>
    public string Package { get; set; } = "@chdb/lib-linux-x64-gnu";

    /// <summary>Package version; 26.7.3-stable.1 carries ClickHouse 26.7.2.1. Default <c>26.7.3-stable.1</c>.</summary>
    public string PackageVersion { get; set; } = "26.7.3-stable.1";

    /// <summary>Where engine packages are installed, one folder per version.
    /// Default <c>~/.cache/mevanalytics/engine</c> (or <c>$XDG_CACHE_HOME/mevanalytics/engine</c>).</summary>
    public string CacheDirectory { get; set; } = DefaultCacheDirectory();

    /// <summary>Where the engine keeps its MergeTree data.
    /// Default <c>.data/clickhouse</c> under the working directory.</summary>
    public string DataDirectory { get; set; } = Path.Combine(".data", "clickhouse");

    /// <summary>Shards of the embedded default: 1 is one engine; N &gt; 1 starts a real N-shard cluster on loopback
    /// (one engine per shard under <c>{DataDirectory}/shard-K</c>, cluster <c>ClickHouse:Cluster</c>, default
    /// <c>mev</c>). Default 1.</summary>
    public int Shards { get; set; } = 1;

    /// <summary>HTTP port on 127.0.0.1; 0 picks a free port (with several shards: shard K uses this + K - 1).
    /// Default 0.</summary>
    public int HttpPort { get; set; }

    /// <summary>How long to wait for <c>SELECT 1</c> to answer after start. Default 90 s (a cold page cache of the
    /// 566 MB library takes a while on slow disks).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long the last user of the engine waits for it to stop cleanly before killing it.
    /// Default 30 s.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for npm to install the package. Default 10 min.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws with the name of the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Package)) throw new ArgumentException($"{SectionName}:Package must be set.");
        if (string.IsNullOrWhiteSpace(PackageVersion) || PackageVersion.IndexOfAny(['/', '\\', ' ']) >= 0)
            throw new ArgumentException($"{SectionName}:PackageVersion '{PackageVersion}' is not a version.");
        if (string.IsNullOrWhiteSpace(CacheDirectory))
            throw new ArgumentException($"{SectionName}:CacheDirectory must be set.");
        if (string.IsNullOrWhiteSpace(DataDirectory))
            throw new ArgumentException($"{SectionName}:DataDirectory must be set.");
        if (Shards is < 1 or > 16) throw new ArgumentException($"{SectionName}:Shards {Shards} is outside 1..16.");
        if (HttpPort is < 0 or > 65535)
            throw new ArgumentException($"{SectionName}:HttpPort {HttpPort} is outside 0..65535.");
        if (StartTimeout <= TimeSpan.Zero) throw new ArgumentException($"{SectionName}:StartTimeout must be positive.");
        if (StopTimeout <= TimeSpan.Zero) throw new ArgumentException($"{SectionName}:StopTimeout must be positive.");
        if (InstallTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:InstallTimeout must be positive.");
    }

    /// <summary>These options for one shard of a local cluster: its own data folder and HTTP port.</summary>
    public EmbeddedEngineOptions ForShard(string dataDirectory, int httpPort) => new()
    {
        Package = Package,
        PackageVersion = PackageVersion,
        CacheDirectory = CacheDirectory,
        DataDirectory = dataDirectory,
        HttpPort = httpPort,
        StartTimeout = StartTimeout,
        StopTimeout = StopTimeout,
        InstallTimeout = InstallTimeout,
        Shards = 1,
    };

    private static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "mevanalytics", "engine");
    }
}
