using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MevAnalytics.Data.Engine;

/// <summary>
/// The embedded ClickHouse 26.7 engine: clickhouse-local from libchdb.so, run in a child process that serves the
/// ordinary HTTP interface on 127.0.0.1. When another MevAnalytics process already runs an engine on the same data
/// folder, this attaches to it instead of starting a second one (only one process may hold a data folder).
/// </summary>
public sealed class EmbeddedClickHouse : IAsyncDisposable
{
    // Keeps clickhouse-local's query (and so its HTTP listener) alive for ten years; we stop it by cancelling it.
    internal const string KeepAliveQuery =
        "SELECT sleepEachRow(1) FROM numbers(315360000) FORMAT Null SETTINGS max_block_size = 1";

    private const string EndpointFileName = "engine.json";

    private readonly Process? _process;
    private readonly string _endpointFile;
    private readonly StderrTail? _stderr;

    private EmbeddedClickHouse(int port, Process? process, string endpointFile, StderrTail? stderr)
    {
        Port = port;
        _process = process;
        _endpointFile = endpointFile;
        _stderr = stderr;
    }

    /// <summary>HTTP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>True when this instance started the engine (and so stops it); false when it attached to a running one.</summary>
    public bool Owned => _process is not null;

    /// <summary>Connection string for ClickHouse.Driver (user <c>default</c>, no password: loopback only).</summary>
    public string ConnectionString(string database = "default") =>
        $"Host=127.0.0.1;Port={Port};Username=default;Password=;Database={database}";

    /// <summary>Starts the engine, or attaches to the one already serving <see cref="EmbeddedEngineOptions.DataDirectory"/>.</summary>
    public static async Task<EmbeddedClickHouse> StartAsync(EmbeddedEngineOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        options.Validate();
        var dataDir = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDir);
        var endpointFile = Path.Combine(dataDir, EndpointFileName);

        // Serialise start-up per data folder so that two processes never race to own it.
        await using (await FileGate.AcquireAsync(Path.Combine(dataDir, ".start.lock"), options.StartTimeout, ct))
        {
            if (await TryAttachAsync(endpointFile, ct) is { } attached)
            {
                log?.Invoke($"attached to the embedded ClickHouse engine on 127.0.0.1:{attached.Port} (data {dataDir})");
                return attached;
            }

            var library = await EngineInstaller.EnsureInstalledAsync(options, log, ct);
            var port = options.HttpPort != 0 ? options.HttpPort : FreePort();
            if (options.HttpPort != 0 && !PortIsFree(port))
                throw new EngineStartException(EngineFailure.PortInUse, $"Embedded ClickHouse: port 127.0.0.1:{port} is already in use (EmbeddedEngine:HttpPort).");

            var engine = Launch(library, dataDir, port, endpointFile);
            try
            {
                await engine.WaitUntilReadyAsync(options.StartTimeout, ct);
            }
            catch
            {
                await engine.DisposeAsync();
                throw;
            }
            await File.WriteAllTextAsync(endpointFile + ".tmp", JsonSerializer.Serialize(new EndpointRecord(port, engine._process!.Id)), ct);
            File.Move(endpointFile + ".tmp", endpointFile, overwrite: true);
            log?.Invoke($"started the embedded ClickHouse engine on 127.0.0.1:{port} (data {dataDir})");
            return engine;
        }
    }

    private static EmbeddedClickHouse Launch(string library, string dataDir, int port, string endpointFile)
    {
        // Beside this assembly (notebooks load us from the build folder, not their own base directory).
        var here = Path.GetDirectoryName(typeof(EmbeddedClickHouse).Assembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory;
        var host = Path.Combine(here, "mev-engine-host.dll");
        if (!File.Exists(host))
            throw new EngineStartException(EngineFailure.ExitedEarly, $"Engine host {host} is missing from the build output.");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        foreach (var a in new[]
                 {
                     host, library, $"--path={dataDir}", $"--http_port={port}", "--listen_host=127.0.0.1",
                     "--multiquery", "--query", $"SYSTEM START LISTEN HTTP; {KeepAliveQuery}",
                 })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new EngineStartException(EngineFailure.ExitedEarly, "The engine host process did not start.");
        process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var stderr = new StderrTail(process.StandardError);
        return new EmbeddedClickHouse(port, process, endpointFile, stderr);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            ct.ThrowIfCancellationRequested();
            if (_process!.HasExited)
            {
                await _stderr!.Completion;
                var text = _stderr.Text;
                if (text.Contains("Cannot lock file", StringComparison.Ordinal))
                    throw new EngineStartException(EngineFailure.DataDirectoryLocked,
                        $"Embedded ClickHouse: the data folder is locked by another process that is not a MevAnalytics engine we can attach to. {FirstLine(text)}");
                if (text.Contains("Address already in use", StringComparison.Ordinal))
                    throw new EngineStartException(EngineFailure.PortInUse, $"Embedded ClickHouse: port {Port} is in use. {FirstLine(text)}");
                throw new EngineStartException(EngineFailure.ExitedEarly,
                    $"Embedded ClickHouse exited during start (exit {_process.ExitCode}): {FirstLine(text)}");
            }
            if (await AnswersAsync(http, Port, ct)) return;
            await Task.Delay(150, ct);
        }
        throw new EngineStartException(EngineFailure.StartTimedOut, $"Embedded ClickHouse did not answer SELECT 1 on 127.0.0.1:{Port} within {timeout.TotalSeconds:0} s.");
    }

    private static async Task<EmbeddedClickHouse?> TryAttachAsync(string endpointFile, CancellationToken ct)
    {
        if (!File.Exists(endpointFile)) return null;
        EndpointRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<EndpointRecord>(await File.ReadAllTextAsync(endpointFile, ct));
        }
        catch (JsonException)
        {
            return null;
        }
        if (record is null || !ProcessAlive(record.Pid)) return null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await AnswersAsync(http, record.Port, ct) ? new EmbeddedClickHouse(record.Port, null, endpointFile, null) : null;
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

    /// <summary>Stops an owned engine cleanly: closing its stdin makes the host cancel the keep-alive query and exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        try
        {
            if (File.Exists(_endpointFile)) File.Delete(_endpointFile);
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
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
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))
        ?? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "(no output)";

    private sealed record EndpointRecord(int Port, int Pid);

    /// <summary>Keeps the last lines the engine wrote to stderr, for error messages.</summary>
    private sealed class StderrTail
    {
        private readonly System.Text.StringBuilder _text = new();

        public StderrTail(StreamReader reader) => Completion = PumpAsync(reader);

        public Task Completion { get; }

        public string Text
        {
            get { lock (_text) return _text.ToString(); }
        }

        private async Task PumpAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
                lock (_text)
                {
                    if (_text.Length < 64 * 1024) _text.AppendLine(line);
                }
        }
    }
}
