using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MevAnalytics.EngineHost;

namespace MevAnalytics.Data.Engine;

/// <summary>
/// The embedded ClickHouse 26.7 engine: clickhouse-local from libchdb.so, run in a host process of its own that serves
/// the ordinary HTTP interface on 127.0.0.1. The engine is shared: every process that uses it (the one that started
/// it, and any that attached later) holds a lease on it, and it runs until the last lease is returned or its holder
/// dies. Starting, attaching and stopping are serialised by the data folder's start lock, so N processes starting at
/// the same moment start exactly one engine, and none of them loses it while it runs.
/// </summary>
public sealed class EmbeddedClickHouse : IAsyncDisposable
{
    private readonly EngineFolder _folder;
    private readonly TimeSpan _stopTimeout;
    private FileStream? _lease;

    private EmbeddedClickHouse(int port, bool owned, EngineFolder folder, FileStream lease, TimeSpan stopTimeout)
    {
        Port = port;
        Owned = owned;
        _folder = folder;
        _lease = lease;
        _stopTimeout = stopTimeout;
    }

    /// <summary>HTTP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>True when this instance started the engine; false when it attached to a running one. Either way the
    /// engine stops when the last instance using it is disposed.</summary>
    public bool Owned { get; }

    /// <summary>Whether the engine this instance uses is still running (its host process alive).</summary>
    public bool IsRunning => EngineEndpoint.TryRead(_folder.EndpointFile) is { } record && ProcessAlive(record.Pid);

    /// <summary>Connection string for ClickHouse.Driver (user <c>default</c>, loopback only,
    /// no file or URL access).</summary>
    public string ConnectionString(string database = "default") =>
        $"Host=127.0.0.1;Port={Port};Username=default;Password=;Database={database}";

    /// <summary>Starts the engine, or attaches to the one already serving
    /// <see cref="EmbeddedEngineOptions.DataDirectory"/>.</summary>
    public static Task<EmbeddedClickHouse> StartAsync(EmbeddedEngineOptions options, Action<string>? log = null,
        CancellationToken ct = default) =>
        StartAsync(options, null, log, ct);

    /// <summary>Starts or attaches to one node of a local cluster: its native TCP port open too and the cluster's
    /// <c>remote_servers</c> in its configuration (<paramref name="node"/> null: a single engine, HTTP only).</summary>
    public static async Task<EmbeddedClickHouse> StartAsync(EmbeddedEngineOptions options, EngineNode? node,
        Action<string>? log = null, CancellationToken ct = default)
    {
        options.Validate();
        var folder = new EngineFolder(Path.GetFullPath(options.DataDirectory));
        OwnerOnlyFile.CreateDirectory(folder.DataDirectory);

        await using (await FileGate.AcquireAsync(folder.StartLock, options.StartTimeout, ct))
        {
            if (await TryAttachAsync(folder, ct) is { } port)
            {
                log?.Invoke(
                    $"attached to the embedded ClickHouse engine on 127.0.0.1:{port} (data {folder.DataDirectory})");
                return new EmbeddedClickHouse(port, false, folder, EngineLeases.Take(folder.Leases),
                    options.StopTimeout);
            }

            var library = await EngineInstaller.EnsureInstalledAsync(options, log, ct);
            port = options.HttpPort != 0 ? options.HttpPort : FreePort();
            if (options.HttpPort != 0 && !PortIsFree(port))
                throw new EngineStartException(EngineFailure.PortInUse,
                    $"Embedded ClickHouse: port 127.0.0.1:{port} is already in use (EmbeddedEngine:HttpPort).");

            var lease = EngineLeases.Take(folder.Leases);
            try
            {
                using var process = Launch(library, folder, port, node);
                await WaitUntilReadyAsync(process, folder, port, options.StartTimeout, ct);
                new EngineEndpoint(port, process.Id).Write(folder.EndpointFile);
                log?.Invoke(
                    $"started the embedded ClickHouse engine on 127.0.0.1:{port} (data {folder.DataDirectory})");
                return new EmbeddedClickHouse(port, true, folder, lease, options.StopTimeout);
            }
            catch
            {
                await lease.DisposeAsync();
                throw;
            }
        }
    }

    private static Process Launch(string library, EngineFolder folder, int port, EngineNode? node)
    {
        // Beside this assembly (notebooks load us from the build folder, not their own base directory).
        var here = Path.GetDirectoryName(typeof(EmbeddedClickHouse).Assembly.Location) is { Length: > 0 } dir
            ? dir : AppContext.BaseDirectory;
        var host = Path.Combine(here, "mev-engine-host.dll");
        if (!File.Exists(host))
            throw new EngineStartException(EngineFailure.ExitedEarly,
                $"Engine host {host} is missing from the build output.");
        OwnerOnlyFile.Write(folder.UsersFile, EngineUsersConfig.UsersXml());
        OwnerOnlyFile.Write(folder.ConfigFile, EngineUsersConfig.ConfigXml(folder.UsersFile, node?.RemoteServersXml));
        OwnerOnlyFile.Write(folder.LogFile, "");
        var start = new ProcessStartInfo(DotnetHost())
        {
            // The host detaches itself (own session, stdio to the log); these pipes only keep it off our terminal.
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = folder.DataDirectory,
        };
        var listen = node is null ? "SYSTEM START LISTEN HTTP;" : "SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP;";
        foreach (var a in new[]
                 {
                     host, $"--mev-leases={folder.Leases}", $"--mev-start-lock={folder.StartLock}",
                     $"--mev-log={folder.LogFile}", $"--mev-endpoint={folder.EndpointFile}", library,
                     $"--config-file={folder.ConfigFile}", $"--path={folder.DataDirectory}", $"--http_port={port}",
                 }.Concat(node is null ? [] : [$"--tcp_port={node.TcpPort}"]).Concat(
                 [
                     "--listen_host=127.0.0.1", "--multiquery", "--query", $"{listen} {KeepAlive.Query}",
                 ]))
            start.ArgumentList.Add(a);
        var process = Process.Start(start)
            ?? throw new EngineStartException(EngineFailure.ExitedEarly, "The engine host process did not start.");
        process.StandardInput.Close();
        process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return process;
    }

    private static async Task WaitUntilReadyAsync(Process process, EngineFolder folder, int port, TimeSpan timeout,
        CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                var text = File.Exists(folder.LogFile) ? await File.ReadAllTextAsync(folder.LogFile, ct) : "";
                if (text.Contains("Cannot lock file", StringComparison.Ordinal))
                    throw new EngineStartException(EngineFailure.DataDirectoryLocked,
                        $"Embedded ClickHouse: the data folder {folder.DataDirectory} is locked by another process " +
                        $"that is not a MevAnalytics engine we can attach to. {FirstLine(text)}");
                if (text.Contains("Address already in use", StringComparison.Ordinal))
                    throw new EngineStartException(EngineFailure.PortInUse,
                        $"Embedded ClickHouse: port {port} is in use. {FirstLine(text)}");
                throw new EngineStartException(EngineFailure.ExitedEarly,
                    $"Embedded ClickHouse exited during start (exit {process.ExitCode}, " +
                    $"data {folder.DataDirectory}): " +
                    FirstLine(text));
            }
            if (await AnswersAsync(http, port, ct)) return;
            await Task.Delay(150, ct);
        }
        process.Kill(entireProcessTree: true);
        throw new EngineStartException(EngineFailure.StartTimedOut,
            $"Embedded ClickHouse did not answer SELECT 1 on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s " +
            $"(data {folder.DataDirectory}).");
    }

    private static async Task<int?> TryAttachAsync(EngineFolder folder, CancellationToken ct)
    {
        if (EngineEndpoint.TryRead(folder.EndpointFile) is not { } record || !ProcessAlive(record.Pid)) return null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await AnswersAsync(http, record.Port, ct) ? record.Port : null;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, int port, CancellationToken ct)
    {
        try
        {
            var body = await http.GetStringAsync($"http://127.0.0.1:{port}/?query=SELECT%201", ct);
            return body.Trim() == "1";
        }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return false; }
    }

    /// <summary>
    /// Returns this process's lease. The last user out stops the engine cleanly (cancels its keep-alive query and
    /// waits for the host to exit) while holding the start lock, so nobody attaches to an engine that is stopping.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_lease is null) return;
        await _lease.DisposeAsync();
        _lease = null;
        await using var gate = await FileGate.AcquireAsync(_folder.StartLock, _stopTimeout, CancellationToken.None);
        if (EngineLeases.AnyLive(_folder.Leases)) return;
        if (EngineEndpoint.TryRead(_folder.EndpointFile) is not { } record) return;
        File.Delete(_folder.EndpointFile);
        await KeepAlive.CancelAsync(record.Port);
        var clock = Stopwatch.StartNew();
        while (ProcessAlive(record.Pid) && clock.Elapsed < _stopTimeout) await Task.Delay(50);
        if (!ProcessAlive(record.Pid)) return;
        try
        {
            using var p = Process.GetProcessById(record.Pid);
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p && File.Exists(p) ? p
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool ProcessAlive(int pid)
    {
        // A host that exited while its launcher still runs stays a zombie until reaped: that is not alive.
        var stat = $"/proc/{pid}/stat";
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var text = File.ReadAllText(stat);
                var state = text[(text.LastIndexOf(')') + 2)..].FirstOrDefault();
                return state is not ('Z' or 'X');
            }
            catch (IOException) { return false; }
        }
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))
        ?? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "(no output)";
}
