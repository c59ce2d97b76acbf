using System.Runtime.InteropServices;
using System.Text;

// Usage: mev-engine-host LIBCHDB_PATH clickhouse-arg...
// Runs clickhouse-local's command line inside this process through chdb_query_cmdline. The caller keeps our
// stdin open for as long as it wants the engine; when stdin closes (the caller stopped or died) we exit, so an
// engine never outlives the process that started it.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: mev-engine-host LIBCHDB_PATH clickhouse-args...");
    return 64;
}

var library = NativeLibrary.Load(args[0]);
var queryCmdline = NativeLibrary.GetExport(library, "chdb_query_cmdline");
var resultError = NativeLibrary.GetExport(library, "chdb_result_error");

var engineArgs = args[1..];
var exitCode = 0;
var engine = new Thread(() => exitCode = EngineCall.Run(queryCmdline, resultError, engineArgs))
{
    IsBackground = true,
    Name = "clickhouse-local",
};
engine.Start();

var watcher = new Thread(() =>
{
    // Blocks until the parent closes our stdin.
    try { while (Console.In.ReadLine() is not null) { } } catch (IOException) { }
    CleanStop.Run(engineArgs, engine);
})
{ IsBackground = true, Name = "parent-watch" };
watcher.Start();

engine.Join();
// A cancelled keep-alive query is how a clean stop ends; anything else is a real failure.
return CleanStop.Requested ? 0 : exitCode;

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
        var port = engineArgs.Select(a => a.StartsWith("--http_port=", StringComparison.Ordinal) ? a["--http_port=".Length..] : null)
            .FirstOrDefault(a => a is not null);
        if (port is not null)
        {
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                using var body = new StringContent("KILL QUERY WHERE query LIKE 'SELECT sleepEachRow(1) FROM numbers(315360000)%' SYNC");
                http.PostAsync($"http://127.0.0.1:{port}/", body).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
        }
        if (!engine.Join(TimeSpan.FromSeconds(20))) HardExit(0);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void HardExit(int code);
}
