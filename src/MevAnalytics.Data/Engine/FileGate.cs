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

    /// <summary>Takes the gate if it is free; null when another process holds it.</summary>
    public static FileGate? TryAcquire(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new FileGate(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
