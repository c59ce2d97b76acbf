namespace MevAnalytics.Data.Engine;

/// <summary>
/// A cross-process mutex backed by an exclusively opened file. The operating system releases it when the holder
/// dies, so a crashed process never leaves a stale lock.
/// </summary>
public sealed class FileGate : IAsyncDisposable, IDisposable
{
    private readonly FileStream _stream;

    private FileGate(FileStream stream) => _stream = stream;

    /// <summary>Path of the lock file.</summary>
    public string Path => _stream.Name;

    /// <summary>Takes the gate, waiting up to <paramref name="timeout"/>.</summary>
    public static async Task<FileGate> AcquireAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryAcquire(path) is { } gate) return gate;
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException(
                    $"Lock {path} is held by another process (waited {timeout.TotalSeconds:0} s).");
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Takes the gate if it is free; null when another process holds it. Any other failure (a read-only
    /// or full file system, no permission) throws: it is not another holder, and saying so would hide the cause.
    /// </summary>
    public static FileGate? TryAcquire(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new FileGate(stream);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
    }

    // .NET reports a lock held by another open file as EWOULDBLOCK (11 on Linux, 35 on macOS) or, on Windows, as a
    // sharing or lock violation.
    private static bool IsHeldElsewhere(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    public void Dispose() => _stream.Dispose();

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
