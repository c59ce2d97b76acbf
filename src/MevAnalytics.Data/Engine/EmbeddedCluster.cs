using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MevAnalytics.Data.Engine;

/// <summary>
/// A real N-shard ClickHouse cluster on loopback: N embedded engines, each with its own data folder
/// (<c>{DataDirectory}/shard-K</c>), HTTP and native TCP ports, and one generated <c>remote_servers</c> entry naming
/// the cluster. Ports are chosen once and kept in <c>cluster.json</c>, so a shard that restarts rejoins on the ports
/// the others know. Each shard is an <see cref="EmbeddedClickHouse"/> with its own leases: another process attaches to
/// the running cluster as to one engine, and every shard stops when its last user leaves.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private EmbeddedCluster(string name, IReadOnlyList<EmbeddedClickHouse> shards, IReadOnlyList<ShardPorts> ports)
    {
        Name = name;
        Shards = shards;
        Ports = ports;
    }

    /// <summary>Cluster name in <c>remote_servers</c> (<c>ClickHouse:Cluster</c>).</summary>
    public string Name { get; }

    /// <summary>The shards in order; the first is the one the jobs talk to.</summary>
    public IReadOnlyList<EmbeddedClickHouse> Shards { get; }

    /// <summary>HTTP and native ports of every shard.</summary>
    public IReadOnlyList<ShardPorts> Ports { get; }

    /// <summary>Ports of one shard on 127.0.0.1.</summary>
    public sealed record ShardPorts(int Http, int Tcp);

    /// <summary>Starts the cluster described by <paramref name="options"/> (Shards &gt; 1),
    /// or attaches to it.</summary>
    public static async Task<EmbeddedCluster> StartAsync(EmbeddedEngineOptions options, string name,
        Action<string>? log = null, CancellationToken ct = default)
    {
        options.Validate();
        var root = Path.GetFullPath(options.DataDirectory);
        OwnerOnlyFile.CreateDirectory(root);
        await using var gate = await FileGate.AcquireAsync(Path.Combine(root, ".cluster.lock"),
            options.StartTimeout, ct);
        var layoutFile = Path.Combine(root, "cluster.json");
        var ports = ReadPorts(layoutFile, options.Shards) ?? AllocatePorts(options);
        OwnerOnlyFile.Write(layoutFile, JsonSerializer.Serialize(ports));
        var node = RemoteServersXml(name, ports.Select(p => p.Tcp).ToList());
        var shards = new List<EmbeddedClickHouse>();
        try
        {
            for (var i = 0; i < ports.Count; i++)
            {
                var folder = Path.Combine(root, ShardFolder(i));
                try
                {
                    shards.Add(await EmbeddedClickHouse.StartAsync(options.ForShard(folder, ports[i].Http),
                        new EngineNode(ports[i].Tcp, node), log, ct));
                }
                catch (EngineStartException e)
                {
                    throw new EngineStartException(e.Failure,
                        $"shard {i + 1} of {ports.Count} (HTTP 127.0.0.1:{ports[i].Http}, TCP {ports[i].Tcp}, " +
                        $"data {folder}): {e.Message}", e);
                }
            }
        }
        catch
        {
            foreach (var shard in shards) await shard.DisposeAsync();
            throw;
        }
        log?.Invoke($"local cluster '{name}': {ports.Count} shards, " +
            $"HTTP ports {string.Join(", ", ports.Select(p => p.Http))}");
        return new EmbeddedCluster(name, shards, ports);
    }

    /// <summary>Folder of shard <paramref name="index"/> (0-based) under the data directory.</summary>
    public static string ShardFolder(int index) => "shard-" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>remote_servers</c> element: one shard per engine, one replica each, on loopback.</summary>
    public static string RemoteServersXml(string name, IReadOnlyList<int> tcpPorts)
    {
        var xml = new StringBuilder($"<remote_servers><{name}>");
        foreach (var port in tcpPorts)
            xml.Append(CultureInfo.InvariantCulture,
                $"<shard><replica><host>127.0.0.1</host><port>{port}</port></replica></shard>");
        return xml.Append($"</{name}></remote_servers>").ToString();
    }

    private static List<ShardPorts>? ReadPorts(string path, int shards)
    {
        try
        {
            var ports = JsonSerializer.Deserialize<List<ShardPorts>>(File.ReadAllText(path));
            return ports is { Count: > 0 } && ports.Count == shards ? ports : null;
        }
        catch (Exception e) when (e is IOException or JsonException) { return null; }
    }

    private static List<ShardPorts> AllocatePorts(EmbeddedEngineOptions options)
    {
        // Held open together so that no two shards get the same free port.
        var listeners = new List<TcpListener>();
        try
        {
            var ports = new List<ShardPorts>();
            for (var i = 0; i < options.Shards; i++)
            {
                var http = options.HttpPort != 0 ? options.HttpPort + i : Reserve(listeners);
                ports.Add(new ShardPorts(http, Reserve(listeners)));
            }
            return ports;
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    private static int Reserve(List<TcpListener> listeners)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        listeners.Add(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Returns this process's lease on every shard (the last user out stops them).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var shard in Shards) await shard.DisposeAsync();
    }
}
