using System.Runtime.InteropServices;
using MevAnalytics.EngineHost;

// Usage: mev-engine-host --mev-leases=DIR --mev-start-lock=FILE [--mev-log=FILE] [--mev-endpoint=FILE] LIBCHDB_PATH
//        clickhouse-arg...
// Runs clickhouse-local's command line inside this process through chdb_query_cmdline. The engine is shared by every
// MevAnalytics process that holds a lease (see EngineLeases): it runs in a session of its own (a Ctrl+C aimed at one
// job does not reach it) and stops cleanly once no process holds a lease any more, so it never outlives its users and
// never dies under one of them.
var options = HostOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: mev-engine-host --mev-leases=DIR --mev-start-lock=FILE [--mev-log=FILE] " +
                            "[--mev-endpoint=FILE] LIBCHDB_PATH clickhouse-args...");
    return 64;
}
Detach.FromCaller(options.LogFile);

var library = NativeLibrary.Load(options.Library);
var queryCmdline = NativeLibrary.GetExport(library, "chdb_query_cmdline");
var resultError = NativeLibrary.GetExport(library, "chdb_result_error");

var exitCode = 0;
var engine = new Thread(() => exitCode = EngineCall.Run(queryCmdline, resultError, options.EngineArgs))
{
    IsBackground = true,
    Name = "clickhouse-local",
};
engine.Start();

new Thread(() => LeaseWatch.Run(options, engine)) { IsBackground = true, Name = "lease-watch" }.Start();

engine.Join();
// A cancelled keep-alive query is how a clean stop ends; anything else is a real failure.
return CleanStop.Requested ? 0 : exitCode;

/// <summary>Command line of the host: its own <c>--mev-</c> options, the library, then clickhouse-local's
/// arguments.</summary>
internal sealed record HostOptions(string? LogFile, string LeaseDirectory, string StartLock, string? EndpointFile,
    string Library, string[] EngineArgs)
{
    public static HostOptions? Parse(string[] args)
    {
        string? log = null, leases = null, startLock = null, endpoint = null;
        var i = 0;
        for (; i < args.Length && args[i].StartsWith("--mev-", StringComparison.Ordinal); i++)
        {
            var (key, value) = (args[i][..args[i].IndexOf('=')], args[i][(args[i].IndexOf('=') + 1)..]);
            switch (key)
            {
                case "--mev-log": log = value; break;
                case "--mev-leases": leases = value; break;
                case "--mev-start-lock": startLock = value; break;
                case "--mev-endpoint": endpoint = value; break;
                default: return null;
            }
        }
        if (args.Length - i < 2 || leases is null || startLock is null) return null;
        return new HostOptions(log, leases, startLock, endpoint, args[i], args[(i + 1)..]);
    }
}

/// <summary>Leaves the caller's session and terminal: stdin from /dev/null, stdout and stderr to the log
/// file.</summary>
internal static partial class Detach
{
    public static void FromCaller(string? logFile)
    {
        _ = SetSid();
        var devNull = Open("/dev/null", 0 /* O_RDONLY */, 0);
        if (devNull >= 0) _ = Dup2(devNull, 0);
        var log = Open(logFile ?? "/dev/null", 0x1 | 0x40 | 0x400 /* O_WRONLY | O_CREAT | O_APPEND */,
            0x180 /* 0600 */);
        if (log < 0) return;
        _ = Dup2(log, 1);
        _ = Dup2(log, 2);
    }

    [LibraryImport("libc", EntryPoint = "setsid")]
    private static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int from, int to);
}

/// <summary>Stops the engine once no process holds a lease (checked under the start lock, so nobody is
/// attaching).</summary>
internal static class LeaseWatch
{
    public static void Run(HostOptions options, Thread engine)
    {
        while (engine.IsAlive)
        {
            Thread.Sleep(500);
            var gate = EngineLeases.TryLock(options.StartLock);
            if (gate is null) continue;
            if (EngineLeases.AnyLive(options.LeaseDirectory))
            {
                gate.Dispose();
                continue;
            }
            // Held until this process exits: nobody may attach to an engine that is stopping.
            if (options.EndpointFile is not null) File.Delete(options.EndpointFile);
            CleanStop.Run(options.EngineArgs, engine);
            GC.KeepAlive(gate);
            return;
        }
    }
}

/// <summary>Marshals argv and calls the engine's command-line entry point.</summary>
internal static unsafe class EngineCall
{
    public static int Run(IntPtr queryCmdline, IntPtr resultError, string[] engineArgs)
    {
        var argv = new IntPtr[engineArgs.Length + 1];
        argv[0] = Marshal.StringToCoTaskMemUTF8("clickhouse");
        for (var i = 0; i < engineArgs.Length; i++) argv[i + 1] = Marshal.StringToCoTaskMemUTF8(engineArgs[i]);
        fixed (IntPtr* p = argv)
        {
            var call = (delegate* unmanaged<int, IntPtr*, IntPtr>)queryCmdline;
            var result = call(argv.Length, p);
            if (result == IntPtr.Zero)
            {
                Console.Error.WriteLine("engine returned no result");
                return 1;
            }
            var errorOf = (delegate* unmanaged<IntPtr, IntPtr>)resultError;
            var error = errorOf(result);
            if (error != IntPtr.Zero)
            {
                var message = Marshal.PtrToStringUTF8(error) ?? "unknown engine error";
                if (message.Length > 0)
                {
                    Console.Error.WriteLine(message);
                    return 1;
                }
            }
        }
        return 0;
    }
}

/// <summary>
/// Ends the engine the way ClickHouse expects: cancel the keep-alive query over HTTP so clickhouse-local shuts down
/// its own way (flushing parts, releasing the data-folder lock). Falls back to a hard exit if it does not.
/// </summary>
internal static class CleanStop
{
    public static volatile bool Requested;

    public static void Run(string[] engineArgs, Thread engine)
    {
        Requested = true;
        var port = engineArgs
            .Select(a => a.StartsWith("--http_port=", StringComparison.Ordinal) ? a["--http_port=".Length..] : null)
            .FirstOrDefault(a => a is not null);
        if (int.TryParse(port, out var p)) KeepAlive.CancelAsync(p).GetAwaiter().GetResult();
        if (!engine.Join(TimeSpan.FromSeconds(20))) HardExit(0);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void HardExit(int code);
}
